"""The routing decision, pure: which rule takes the lead, who gets it, and why the others did not.

Services load the rules (locked), the agents' state and the lead's facts, call `decide`, and
write what it says. Nothing here touches the database.

Round robin is stride scheduling: each member has a pass that grows by STRIDE / weight when they
get a lead, and the available member with the lowest pass is next (on a tie, the one served least
recently). Over any run of leads the counts of members who were available throughout stay within
one of their weighted share. A member who was away or at cap does not bank turns: their pass is
lifted to the rule's clock (the pass of the last pick), so on return they get the next lead, not
a burst.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone

from leads.enums import RoutingOutcome, RoutingStrategy, SkipReason

STRIDE = 232_792_560  # lcm(1..20): every weight from 1 to 20 divides it exactly
ZIP_RE = re.compile(r"\b(\d{5})(?:-\d{4})?\b")

CHOSEN, OFFERED, SKIPPED = "chosen", "offered", "skipped"
IN_WORDS = {
    RoutingStrategy.AGENT: "specific agent",
    RoutingStrategy.ROUND_ROBIN: "round robin",
    RoutingStrategy.BROADCAST: "first to claim",
    RoutingStrategy.POND: "pond",
}


def _norm(text: str) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class LeadFacts:
    source: str
    intent: str
    areas: tuple[str, ...] = ()
    budget_min: int | None = None
    budget_max: int | None = None

    @property
    def price(self) -> int | None:
        """The price the lead talks about: the top of their budget, else its bottom."""
        return self.budget_max if self.budget_max is not None else self.budget_min

    @property
    def zip_codes(self) -> set[str]:
        return {match for area in self.areas for match in ZIP_RE.findall(str(area))}


@dataclass(frozen=True)
class AgentState:
    id: int
    name: str
    active: bool = True
    is_agent: bool = True
    away_until: datetime | None = None
    hot_open: int = 0
    hot_cap: int | None = None


@dataclass(frozen=True)
class MemberSpec:
    agent_id: int
    weight: int = 1
    pass_value: int = 0
    last_turn: int = 0


@dataclass(frozen=True)
class RuleSpec:
    id: int
    name: str
    strategy: str
    is_default: bool = False
    sources: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    zip_codes: tuple[str, ...] = ()
    price_min: int | None = None
    price_max: int | None = None
    agent_id: int | None = None
    members: tuple[MemberSpec, ...] = ()
    clock: int = 0
    turns: int = 0

    def candidate_ids(self) -> list[int]:
        if self.strategy == RoutingStrategy.AGENT:
            return [self.agent_id] if self.agent_id is not None else []
        return [m.agent_id for m in self.members]


@dataclass
class Considered:
    agent_id: int
    agent_name: str
    rule_id: int
    status: str
    reason: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class RuleTried:
    rule_id: int
    rule_name: str
    result: str  # "no match", "no one available", "took the lead"
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Decision:
    outcome: str
    rule: RuleSpec | None = None
    agent_id: int | None = None
    offered_to: list[int] = field(default_factory=list)
    considered: list[Considered] = field(default_factory=list)
    rules: list[RuleTried] = field(default_factory=list)
    new_pass: int | None = None  # round robin: the chosen member's pass after this lead
    new_clock: int | None = None  # round robin: the rule's clock after this lead
    new_turn: int | None = None  # round robin: this lead's turn number in the rule

    @property
    def alert(self) -> bool:
        """Nobody was available: the lead went to the pond without a rule sending it there."""
        return self.outcome == RoutingOutcome.POND and self.rule is None


# --- matching ------------------------------------------------------------------------------


def _money(value: int) -> str:
    return f"${value:,}"


def _band(rule: RuleSpec) -> str:
    if rule.price_min is not None and rule.price_max is not None:
        return f"{_money(rule.price_min)}-{_money(rule.price_max)}"
    if rule.price_min is not None:
        return f"{_money(rule.price_min)} and up"
    return f"up to {_money(rule.price_max or 0)}"


def rule_mismatch(rule: RuleSpec, lead: LeadFacts) -> str | None:
    """Why `rule` does not take `lead` (None when it matches). The default rule takes all."""
    if rule.is_default:
        return None
    if rule.sources and lead.source not in rule.sources:
        return f"source {lead.source} is not {', '.join(rule.sources)}"
    if rule.intents and lead.intent not in rule.intents:
        return f"intent {lead.intent} is not {', '.join(rule.intents)}"
    if rule.areas or rule.zip_codes:
        by_name = {_norm(a) for a in lead.areas} & {_norm(a) for a in rule.areas}
        by_zip = lead.zip_codes & set(rule.zip_codes)
        if not (by_name or by_zip):
            wanted = ", ".join([*rule.areas, *rule.zip_codes])
            return f"areas {', '.join(lead.areas) or '(none)'} are not in {wanted}"
    if rule.price_min is not None or rule.price_max is not None:
        price = lead.price
        if price is None:
            return f"no budget to compare with {_band(rule)}"
        low_ok = rule.price_min is None or price >= rule.price_min
        high_ok = rule.price_max is None or price <= rule.price_max
        if not (low_ok and high_ok):
            return f"budget {_money(price)} is outside {_band(rule)}"
    return None


# --- candidates ----------------------------------------------------------------------------


def _said(reason: str) -> str:
    """A skip reason as it reads inside a sentence."""
    label = SkipReason(reason).label
    return label[:1].lower() + label[1:]


def _when(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%b %d %Y %H:%M %Z")


def agent_skip(
    agent: AgentState, *, now: datetime, excluded: dict[int, str]
) -> tuple[str, str] | None:
    """(reason, detail) why the agent cannot take a lead now, or None when available."""
    if agent.id in excluded:
        reason = excluded[agent.id]
        return reason, _said(reason)
    if not agent.active:
        return SkipReason.INACTIVE, _said(SkipReason.INACTIVE)
    if not agent.is_agent:
        return SkipReason.NOT_AGENT, _said(SkipReason.NOT_AGENT)
    if agent.away_until is not None and agent.away_until > now:
        return SkipReason.AWAY, f"away until {_when(agent.away_until)}"
    if agent.hot_cap is not None and agent.hot_open >= agent.hot_cap:
        return (
            SkipReason.AT_CAPACITY,
            f"at cap: {agent.hot_open} of {agent.hot_cap} open hot leads",
        )
    return None


def _screen(
    rule: RuleSpec, agents: dict[int, AgentState], now: datetime, excluded: dict[int, str]
) -> tuple[list[int], list[Considered]]:
    """Split the rule's candidates into the available ids and the skipped (with reasons)."""
    available, skipped = [], []
    for agent_id in rule.candidate_ids():
        agent = agents.get(agent_id) or AgentState(agent_id, f"user {agent_id}", active=False)
        why = agent_skip(agent, now=now, excluded=excluded)
        if why is None:
            available.append(agent_id)
        else:
            skipped.append(Considered(agent_id, agent.name, rule.id, SKIPPED, why[0], why[1]))
    return available, skipped


def round_robin_pick(rule: RuleSpec, available: list[int]) -> tuple[MemberSpec, int]:
    """The next member among `available` and their effective pass (see the module docstring)."""
    order = {m.agent_id: i for i, m in enumerate(rule.members)}
    members = [m for m in rule.members if m.agent_id in set(available)]
    chosen = min(
        members,
        key=lambda m: (max(m.pass_value, rule.clock), m.last_turn, order[m.agent_id]),
    )
    return chosen, max(chosen.pass_value, rule.clock)


def _apply_rule(
    rule: RuleSpec, available: list[int], agents: dict[int, AgentState], decision: Decision
) -> None:
    name = {a: agents[a].name for a in available}
    if rule.strategy == RoutingStrategy.BROADCAST:
        decision.outcome, decision.offered_to = RoutingOutcome.BROADCAST, list(available)
        decision.considered += [Considered(a, name[a], rule.id, OFFERED) for a in available]
        return
    chosen_id = available[0]
    if rule.strategy == RoutingStrategy.ROUND_ROBIN:
        member, effective = round_robin_pick(rule, available)
        chosen_id = member.agent_id
        decision.new_pass = effective + STRIDE // member.weight
        decision.new_clock = effective
        decision.new_turn = rule.turns + 1
    decision.outcome, decision.agent_id = RoutingOutcome.ASSIGNED, chosen_id
    for agent_id in available:
        if agent_id == chosen_id:
            decision.considered.append(Considered(agent_id, name[agent_id], rule.id, CHOSEN))
        else:
            reason = SkipReason.NOT_NEXT
            decision.considered.append(
                Considered(agent_id, name[agent_id], rule.id, SKIPPED, reason, _said(reason))
            )


def decide(
    *,
    lead: LeadFacts,
    rules: list[RuleSpec],
    agents: dict[int, AgentState],
    now: datetime,
    excluded: dict[int, str] | None = None,
) -> Decision:
    """Try the rules in order (default last); the first with someone available takes the lead."""
    excluded = excluded or {}
    decision = Decision(outcome=RoutingOutcome.POND)
    ordered = [r for r in rules if not r.is_default] + [r for r in rules if r.is_default]
    for rule in ordered:
        mismatch = rule_mismatch(rule, lead)
        if mismatch is not None:
            decision.rules.append(RuleTried(rule.id, rule.name, "no match", mismatch))
            continue
        if rule.strategy == RoutingStrategy.POND:
            decision.rule = rule
            decision.rules.append(RuleTried(rule.id, rule.name, "took the lead", "to the pond"))
            return decision
        available, skipped = _screen(rule, agents, now, excluded)
        decision.considered += skipped
        if not available:
            detail = "no agents in this rule" if not rule.candidate_ids() else ""
            decision.rules.append(RuleTried(rule.id, rule.name, "no one available", detail))
            continue
        decision.rule = rule
        _apply_rule(rule, available, agents, decision)
        decision.rules.append(RuleTried(rule.id, rule.name, "took the lead"))
        return decision
    return decision


# --- the record -----------------------------------------------------------------------------


def _skips_text(considered: list[Considered]) -> str:
    skipped = [c for c in considered if c.status == SKIPPED]
    return "; ".join(f"{c.agent_name} ({c.detail})" for c in skipped)


def summary(decision: Decision, agents: dict[int, AgentState]) -> str:
    """One readable sentence or two: who got the lead by which rule, and why not the others."""
    rule = decision.rule
    by_rule = f"rule “{rule.name}” ({IN_WORDS[rule.strategy]})" if rule else ""
    if decision.outcome == RoutingOutcome.ASSIGNED:
        head = f"Assigned to {agents[decision.agent_id or 0].name} by {by_rule}."
    elif decision.outcome == RoutingOutcome.BROADCAST:
        names = ", ".join(agents[a].name for a in decision.offered_to)
        head = f"Offered to {names} by {by_rule}: the first to claim gets it."
    elif rule is not None:
        head = f"To the pond by {by_rule}: any agent may claim it."
    elif not decision.rules:
        head = "No agent available: no routing rule is set up. To the pond; broker alerted."
    else:
        head = "No agent available: to the pond; broker alerted."
    skips = _skips_text(decision.considered)
    return f"{head} Skipped: {skips}." if skips else head


def event_data(
    decision: Decision,
    agents: dict[int, AgentState],
    *,
    trigger: str,
    passed_over: list[int],
) -> dict[str, Any]:
    """The LeadEvent data of a routing decision (BI counts leads per `rule_id`)."""
    rule = decision.rule
    agent = agents.get(decision.agent_id) if decision.agent_id is not None else None
    return {
        "trigger": trigger,
        "outcome": decision.outcome,
        "rule_id": rule.id if rule else None,
        "rule_name": rule.name if rule else None,
        "strategy": rule.strategy if rule else None,
        "agent_id": decision.agent_id,
        "agent_name": agent.name if agent else None,
        "offered_to": decision.offered_to,
        "candidates": [c.as_dict() for c in decision.considered],
        "rules": [r.as_dict() for r in decision.rules],
        "passed_over": passed_over,
        "summary": summary(decision, agents),
    }
