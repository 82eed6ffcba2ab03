"""What each demo lead is: who, what they want, how far they got, and how they score."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from enterprisehub.demo import areas
from enterprisehub.demo.areas import AREAS, Area
from enterprisehub.demo.people_names import FIRST_NAMES, LAST_NAMES
from leads.enums import FUNNEL_STAGES, Intent, Source, Stage

STAGE_WEIGHTS = {
    Stage.NEW: 0.14,
    Stage.ENGAGED: 0.20,
    Stage.QUALIFIED: 0.17,
    Stage.APPOINTMENT: 0.12,
    Stage.UNDER_CONTRACT: 0.08,
    Stage.CLOSED: 0.08,
    Stage.NURTURE: 0.12,
    Stage.LOST: 0.09,
}
INTENT_WEIGHTS = {
    Intent.BUYER: 0.55,
    Intent.SELLER: 0.20,
    Intent.BOTH: 0.10,
    Intent.INVESTOR: 0.08,
    Intent.RENTER: 0.03,
    Intent.INFORMATION: 0.04,
}
SOURCE_WEIGHTS = {
    Source.GHL_SMS: 0.35,
    Source.GHL_FORM: 0.20,
    Source.ZILLOW: 0.18,
    Source.WEBSITE: 0.12,
    Source.REFERRAL: 0.08,
    Source.OPEN_HOUSE: 0.07,
}
# Days since the lead arrived, by stage (later stages are older).
AGE_DAYS = {
    Stage.NEW: (0.05, 3),
    Stage.ENGAGED: (1, 14),
    Stage.QUALIFIED: (4, 40),
    Stage.APPOINTMENT: (7, 60),
    Stage.UNDER_CONTRACT: (25, 90),
    Stage.CLOSED: (50, 300),
    Stage.NURTURE: (20, 200),
    Stage.LOST: (10, 220),
}
MOTIVATIONS = {
    Intent.BUYER: (
        "Relocating from the Bay Area for a job in North Austin",
        "Lease ends soon and wants to stop renting",
        "Needs a home office and a bigger yard",
        "Moving closer to work downtown to cut the commute",
        "First-time buyer using a Texas down-payment program",
    ),
    Intent.SELLER: (
        "Moving out of state for work",
        "Downsizing to a smaller home with less upkeep",
        "Wants to cash out equity after ten years in the house",
        "Inherited the property and wants to sell",
    ),
    Intent.INVESTOR: (
        "Building a portfolio of long-term rentals",
        "Looking for a duplex to house-hack",
        "1031 exchange with a closing deadline",
    ),
}
PHONE_PREFIX = "+1512555"  # 555 exchange: demo numbers that are valid but unassigned


def demo_phone(index: int) -> str:
    """E.164 phone of demo lead `index` (1-based, up to 8,999)."""
    return f"{PHONE_PREFIX}{1000 + index:04d}"


@dataclass
class LeadPlan:
    index: int
    first_name: str
    last_name: str
    intent: str
    stage: str
    reached: str  # furthest funnel stage (nurture/lost leads stopped somewhere)
    source: str
    area: Area
    created_at: datetime
    agent_slot: int | None
    opted_out: bool
    facts: dict[str, Any] = field(default_factory=dict)
    score: int = 1
    reasons: list[dict[str, Any]] = field(default_factory=list)

    @property
    def phone(self) -> str:
        return demo_phone(self.index)

    @property
    def email(self) -> str:
        return f"{self.first_name}.{self.last_name}.{self.index}@example.com".lower()

    def reached_at_least(self, stage: str) -> bool:
        return FUNNEL_STAGES.index(self.reached) >= FUNNEL_STAGES.index(stage)


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _budget(rng: random.Random, area: Area) -> tuple[int, int]:
    band = _weighted(rng, {b: w for b, w in area.bands.items() if w > 0})
    low, high = areas.BANDS[band]
    top = min(high, area.price_cap, low * 3)
    budget_max = int(round(rng.uniform(low + 25_000, top) / 25_000) * 25_000)
    return int(round(budget_max * 0.8 / 25_000) * 25_000), budget_max


def _facts(rng: random.Random, plan: LeadPlan) -> dict[str, Any]:
    """Qualification the bot has learned by the furthest stage the lead reached."""
    facts: dict[str, Any] = {"areas": [plan.area.name]}
    if not plan.reached_at_least(Stage.ENGAGED):
        return facts
    facts["timeline_months"] = rng.choice((1, 2, 3, 3, 6, 6, 9, 12))
    if plan.stage in (Stage.NURTURE, Stage.LOST):
        facts["timeline_months"] = rng.choice((9, 12, 18))
    elif plan.reached_at_least(Stage.APPOINTMENT):
        facts["timeline_months"] = rng.choice((1, 2, 3, 3, 6))
    facts["budget_min"], facts["budget_max"] = _budget(rng, plan.area)
    if not plan.reached_at_least(Stage.QUALIFIED):
        return facts
    selling = plan.intent in (Intent.SELLER, Intent.BOTH)
    facts["current_home_to_sell"] = selling
    likely = 0.95 if plan.reached_at_least(Stage.APPOINTMENT) else 0.6
    facts["pre_approved"] = plan.intent != Intent.SELLER and rng.random() < likely
    facts["bedrooms_min"] = rng.choice((2, 3, 3, 4, 4, 5))
    facts["bathrooms_min"] = Decimal(rng.choice(("2.0", "2.0", "2.5", "3.0")))
    facts["property_type"] = rng.choice(
        (areas.SFR, areas.SFR, areas.SFR, areas.TOWNHOUSE, areas.CONDO)
    )
    pool = MOTIVATIONS.get(plan.intent) or MOTIVATIONS[Intent.BUYER]
    facts["motivation"] = rng.choice(pool)
    if rng.random() < 0.3:
        other = rng.choice([a for a in AREAS if a is not plan.area])
        facts["areas"].append(other.name)
    return facts


def _score(plan: LeadPlan, turns: int) -> tuple[int, list[dict[str, Any]]]:
    """Score 1-10 with the reasons, from what is known (same factors the bots use)."""
    facts = plan.facts
    reasons: list[dict[str, Any]] = []

    def add(factor: str, points: int, evidence: str) -> None:
        reasons.append({"factor": factor, "points": points, "evidence": evidence})

    months = facts.get("timeline_months")
    if months is not None:
        points = 3 if months <= 3 else 2 if months <= 6 else 0
        add("timeline", points, f"Wants to move within {months} months")
    if facts.get("pre_approved"):
        add("pre_approved", 2, "Says they are pre-approved with a lender")
    if facts.get("budget_max"):
        add("budget", 1, f"Budget ${facts['budget_min']:,}-${facts['budget_max']:,}")
    if facts.get("current_home_to_sell"):
        add("home_to_sell", 1, "Has a home to sell first")
    if facts.get("motivation"):
        add("motivation", 1, facts["motivation"])
    if turns >= 3:
        add("engagement", 1, f"Replied to {turns} messages")
    if plan.reached_at_least(Stage.APPOINTMENT):
        add("appointment", 2, "Booked a showing or a listing walkthrough")
    if plan.opted_out:
        add("opted_out", -3, "Texted STOP")
    return max(1, min(10, 1 + sum(r["points"] for r in reasons))), reasons


def _reached(rng: random.Random, stage: str, intent: str) -> str:
    if stage in FUNNEL_STAGES:
        return stage
    return rng.choice((Stage.ENGAGED, Stage.ENGAGED, Stage.QUALIFIED))


def lead_plan(*, index: int, seed: int, now: datetime) -> LeadPlan:
    """The plan of demo lead number `index` (1-based); independent of how many are seeded."""
    rng = random.Random(f"{seed}:lead:{index}")
    intent = _weighted(rng, INTENT_WEIGHTS)
    stage = _weighted(rng, STAGE_WEIGHTS)
    if intent in (Intent.RENTER, Intent.INFORMATION) and stage not in (Stage.NEW, Stage.ENGAGED):
        stage = rng.choice((Stage.NURTURE, Stage.LOST))
    low, high = AGE_DAYS[stage]
    plan = LeadPlan(
        index=index,
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        intent=intent,
        stage=stage,
        reached=_reached(rng, stage, intent),
        source=_weighted(rng, SOURCE_WEIGHTS),
        area=rng.choices(AREAS, weights=[a.share for a in AREAS])[0],
        created_at=now - timedelta(days=rng.uniform(low, high)),
        agent_slot=None if stage == Stage.NEW and rng.random() < 0.5 else index % 2,
        opted_out=stage == Stage.LOST and rng.random() < 0.4,
    )
    plan.facts = _facts(rng, plan)
    return plan


def plan_score(plan: LeadPlan, *, turns: int) -> None:
    """Fill in the plan's score and reasons once the conversation length is known."""
    plan.score, plan.reasons = _score(plan, turns)
