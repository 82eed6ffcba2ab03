"""The conversation of each demo lead: messages, bot decisions and timeline events by stage."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from bots.enums import BotKind, Channel, ConversationState, DecisionKind, Direction, MessageStatus
from enterprisehub.demo.lead_plans import LeadPlan, plan_score
from leads.enums import EventKind, Intent, Source, Stage

CLAUDE_MODEL = "claude-sonnet-4-5"
PROMPT_VERSION = "demo-2026.1"
STATE_BY_STAGE = {
    Stage.NEW: ConversationState.ACTIVE,
    Stage.ENGAGED: ConversationState.ACTIVE,
    Stage.QUALIFIED: ConversationState.ACTIVE,
    Stage.APPOINTMENT: ConversationState.HANDED_OFF,
    Stage.UNDER_CONTRACT: ConversationState.HANDED_OFF,
    Stage.CLOSED: ConversationState.CLOSED,
    Stage.NURTURE: ConversationState.PAUSED,
    Stage.LOST: ConversationState.CLOSED,
}


@dataclass
class Exchange:
    """One step: what the lead said, what we answered, what was decided and recorded."""

    inbound: str | None
    outbound: str | None
    by_agent: bool = False
    decision: tuple[str, dict[str, Any], str] | None = None
    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


@dataclass
class MessagePlan:
    direction: str
    body: str
    at: datetime
    status: str
    provider: str = ""
    model: str = ""
    tokens_in: int = 0
    tokens_out: int = 0
    cost: Decimal = Decimal("0")
    latency_ms: int | None = None
    decision: tuple[str, dict[str, Any], str, float] | None = None


@dataclass
class Story:
    channel: str
    bot: str
    state: str
    summary: str
    messages: list[MessagePlan]
    events: list[tuple[str, dict[str, Any], datetime]]
    scored_at: datetime

    @property
    def turns(self) -> int:
        return sum(1 for m in self.messages if m.direction == Direction.INBOUND)


def _money(value: int) -> str:
    return f"${value // 1000:,}k" if value < 1_000_000 else f"${value / 1_000_000:.2f}M"


def _stage(frm: str, to: str) -> tuple[str, dict[str, Any]]:
    return EventKind.STAGE_CHANGED, {"from": frm, "to": to}


def _opening(rng: random.Random, plan: LeadPlan, agent: str) -> Exchange:
    area, street = plan.area.name, rng.choice(plan.area.streets)
    openers = {
        Intent.SELLER: f"Hi, I'm thinking about selling my house in {area}. What could it go for?",
        Intent.BOTH: f"We need to sell our place and buy something bigger around {area}.",
        Intent.INVESTOR: f"Looking for rental properties around {area}. Any off-market deals?",
        Intent.RENTER: f"Do you have any homes for rent in {area}?",
        Intent.INFORMATION: f"Just curious what homes are going for in {area} these days.",
    }
    text = openers.get(plan.intent, f"Hi! Is the house on {street} in {area} still available?")
    reply = (
        f"Hi {plan.first_name}, this is the EnterpriseHub Realty assistant (automated) working "
        f"with {agent}. Happy to help! Are you hoping to move in the next few months, or just "
        "starting to look? Reply STOP to opt out."
    )
    return Exchange(text, reply, decision=(DecisionKind.INTENT, {"intent": plan.intent}, text))


def _engaged(rng: random.Random, plan: LeadPlan) -> list[Exchange]:
    facts = plan.facts
    months, low, high = facts["timeline_months"], facts["budget_min"], facts["budget_max"]
    seller = plan.intent == Intent.SELLER
    answer = rng.choice(
        (f"Probably within {months} months.", f"Ideally in the next {months} months or so.")
    )
    ask = (
        "Got it. Do you have a price in mind for your home?"
        if seller
        else "Great. What price range feels comfortable?"
    )
    budget = (
        f"Hoping for around {_money(high)}."
        if seller
        else f"Somewhere between {_money(low)} and {_money(high)}."
    )
    follow = (
        "Thanks! Will you need to buy your next home before you sell?"
        if seller
        else "Thanks! Have you talked with a lender about pre-approval yet?"
    )
    return [
        Exchange(
            answer,
            ask,
            decision=(DecisionKind.EXTRACTION, {"timeline_months": months}, answer),
            events=[_stage(Stage.NEW, Stage.ENGAGED)],
        ),
        Exchange(
            budget,
            follow,
            decision=(DecisionKind.EXTRACTION, {"budget_min": low, "budget_max": high}, budget),
        ),
    ]


def _qualified(rng: random.Random, plan: LeadPlan) -> list[Exchange]:
    facts = plan.facts
    area = plan.area.name
    if plan.intent == Intent.SELLER:
        first = "No, we're moving in with family out of state after it sells."
        ask = "Understood. How many bedrooms and baths does your home have?"
        second = f"{facts['bedrooms_min']} bed, {facts['bathrooms_min']} bath, about 2,100 sq ft."
        offer = (
            f"Recent sales near you in {area} support a strong price. Would you like a free "
            "comparative market analysis and a walkthrough?"
        )
    else:
        first = "Yes, pre-approved last month." if facts["pre_approved"] else "Not yet."
        ask = "Perfect. How many bedrooms do you need, and which areas are you considering?"
        second = f"At least {facts['bedrooms_min']} bedrooms, in {' or '.join(facts['areas'])}."
        offer = (
            f"I found {rng.randint(4, 23)} active listings in {area} that match. Want to tour a "
            "few this weekend?"
        )
    extracted = {"pre_approved": facts["pre_approved"], "bedrooms_min": facts["bedrooms_min"]}
    return [
        Exchange(first, ask, decision=(DecisionKind.EXTRACTION, extracted, first)),
        Exchange(
            second,
            offer,
            decision=(DecisionKind.SCORE, {}, "Score from the qualification answers so far"),
            events=[_stage(Stage.ENGAGED, Stage.QUALIFIED)],
        ),
    ]


def _appointment(rng: random.Random, plan: LeadPlan, agent: str) -> Exchange:
    day = rng.choice(("Saturday morning", "Sunday afternoon", "Thursday after 5", "Friday at 4"))
    text = f"Yes please, {day} works for us."
    reply = f"You're booked for {day} with {agent}, who will text you shortly to confirm."
    reason = "Appointment booked"
    return Exchange(
        text,
        reply,
        decision=(DecisionKind.HANDOFF, {"handoff": True, "reason": reason}, text),
        events=[
            _stage(Stage.QUALIFIED, Stage.APPOINTMENT),
            (EventKind.HANDED_OFF, {"reason": reason}),
        ],
    )


def _contract(plan: LeadPlan) -> list[Exchange]:
    seller = plan.intent == Intent.SELLER
    accepted = (
        "Great news: we accepted an offer on your home! The option period ends Friday."
        if seller
        else "Great news: your offer was accepted! Inspection is scheduled for Tuesday."
    )
    steps = [
        Exchange(
            "Amazing, thank you so much!",
            accepted,
            by_agent=True,
            events=[_stage(Stage.APPOINTMENT, Stage.UNDER_CONTRACT)],
        )
    ]
    if plan.stage == Stage.CLOSED:
        done = "Congratulations, we closed and funded today! Let me know if you need anything."
        steps.append(
            Exchange(None, done, by_agent=True, events=[_stage(Stage.UNDER_CONTRACT, Stage.CLOSED)])
        )
    return steps


def _ending(rng: random.Random, plan: LeadPlan) -> list[Exchange]:
    if plan.stage == Stage.NURTURE:
        text = rng.choice(("Not ready yet, maybe next spring.", "We're holding off until 2027."))
        reply = f"No problem, {plan.first_name}. I'll check in now and then with new listings."
        return [
            Exchange(text, reply, events=[_stage(plan.reached, Stage.NURTURE)]),
            Exchange(
                None,
                f"Hi {plan.first_name}, a few new homes hit the market in "
                f"{plan.area.name} this month. Want me to send the list?",
            ),
        ]
    if plan.opted_out:
        reply = "You're unsubscribed from EnterpriseHub Realty texts and won't get more messages."
        events = [(EventKind.OPTED_OUT, {"channel": "sms"}), _stage(plan.reached, Stage.LOST)]
        return [Exchange("STOP", reply, events=events)]
    why = rng.choice(("We bought with another agent.", "We decided to keep renting for now."))
    events = [_stage(plan.reached, Stage.LOST), (EventKind.NOTE, {"lost_reason": why})]
    return [Exchange(why, "Thanks for letting me know, and best of luck!", events=events)]


def _exchanges(rng: random.Random, plan: LeadPlan, agent: str) -> list[Exchange]:
    steps = [_opening(rng, plan, agent)]
    if plan.reached_at_least(Stage.ENGAGED):
        steps += _engaged(rng, plan)
    if plan.reached_at_least(Stage.QUALIFIED):
        steps += _qualified(rng, plan)
    if plan.reached_at_least(Stage.APPOINTMENT):
        steps.append(_appointment(rng, plan, agent))
    if plan.reached_at_least(Stage.UNDER_CONTRACT):
        steps += _contract(plan)
    if plan.stage in (Stage.NURTURE, Stage.LOST):
        steps += _ending(rng, plan)
    return steps


def _bot_reply(rng: random.Random, body: str, at: datetime) -> MessagePlan:
    if rng.random() < 0.7:
        tokens_in, tokens_out = rng.randint(900, 2_400), rng.randint(40, 160)
        cost = Decimal(tokens_in * 3 + tokens_out * 15) / Decimal(1_000_000)
        return MessagePlan(
            Direction.OUTBOUND,
            body,
            at,
            MessageStatus.SENT,
            "anthropic",
            CLAUDE_MODEL,
            tokens_in,
            tokens_out,
            cost.quantize(Decimal("0.000001")),
            rng.randint(700, 2_600),
        )
    return MessagePlan(
        Direction.OUTBOUND,
        body,
        at,
        MessageStatus.SENT,
        "offline",
        "rules-v1",
        latency_ms=rng.randint(3, 15),
    )


def _lay_out(
    rng: random.Random, steps: list[Exchange], start: datetime, now: datetime
) -> tuple[list[MessagePlan], list[tuple[str, dict[str, Any], datetime]]]:
    """Place the steps in time between the lead's arrival and now."""
    gap = (now - start) * 0.85 / max(len(steps), 1)
    messages: list[MessagePlan] = []
    events: list[tuple[str, dict[str, Any], datetime]] = []
    for number, step in enumerate(steps):
        at = start + gap * number + timedelta(seconds=rng.randint(0, 600) if number else 0)
        inbound = (
            MessagePlan(Direction.INBOUND, step.inbound, at, MessageStatus.RECEIVED)
            if step.inbound
            else None
        )
        if step.by_agent and step.outbound:
            messages.append(
                MessagePlan(Direction.OUTBOUND, step.outbound, at, MessageStatus.SENT, "human")
            )
            if inbound:
                at += timedelta(minutes=rng.randint(5, 90))
                inbound.at = at
        if inbound:
            messages.append(inbound)
            if step.decision:
                kind, output, reasoning = step.decision
                inbound.decision = (kind, output, reasoning, round(rng.uniform(0.72, 0.98), 2))
        if step.outbound and not step.by_agent:
            at += timedelta(seconds=rng.randint(20, 150))
            messages.append(_bot_reply(rng, step.outbound, at))
        events += [(kind, data, at) for kind, data in step.events]
    return messages, events


def _channel(rng: random.Random, plan: LeadPlan) -> str:
    if plan.opted_out:
        return Channel.SMS
    if plan.source == Source.WEBSITE and rng.random() < 0.5:
        return Channel.EMAIL
    if plan.source == Source.GHL_FORM and rng.random() < 0.4:
        return Channel.WEB
    return Channel.SMS


def _summary(plan: LeadPlan) -> str:
    facts = plan.facts
    parts = [plan.intent.title(), ", ".join(facts["areas"])]
    if "timeline_months" in facts:
        parts.append(f"{facts['timeline_months']} months")
    if "budget_max" in facts:
        parts.append(f"{_money(facts['budget_min'])}-{_money(facts['budget_max'])}")
    if facts.get("pre_approved"):
        parts.append("pre-approved")
    return "; ".join(parts) + "."


def story_for(*, plan: LeadPlan, seed: int, agent: str, now: datetime) -> Story:
    """The conversation of `plan`'s lead; fills in its score and reasons too."""
    rng = random.Random(f"{seed}:story:{plan.index}")
    steps = _exchanges(rng, plan, agent)
    plan_score(plan, turns=sum(1 for s in steps if s.inbound))
    for step in steps:
        if step.decision and step.decision[0] == DecisionKind.SCORE:
            step.decision[1].update(score=plan.score, reasons=len(plan.reasons))
    messages, events = _lay_out(rng, steps, plan.created_at, now)
    scored = [m.at for m in messages if m.decision and m.decision[0] == DecisionKind.SCORE]
    bot = BotKind.SELLER if plan.intent == Intent.SELLER else BotKind.LEAD
    if bot == BotKind.LEAD and plan.reached_at_least(Stage.QUALIFIED):
        bot = BotKind.BUYER
    return Story(
        channel=_channel(rng, plan),
        bot=bot,
        state=STATE_BY_STAGE[plan.stage],
        summary=_summary(plan),
        messages=messages,
        events=events,
        scored_at=scored[0] if scored else messages[0].at,
    )
