"""Routing writes: route a new or handed-off lead, re-route, re-offer; routing set-up.

Every entry point calls these: the leads API and admin (a lead created without an agent, a broker's
re-route), GHL contacts and first inbound messages (`lead_route`), the bots' handoff
(`lead_hand_off_routed`) and their claim timer (`lead_reoffer`). Each decision is recorded as one
LeadEvent (ROUTED, OFFERED or ROUTING_NO_AGENT) whose data names the rule, the candidates and why
the others were skipped. Claims and expiry of offers live in leads.routing.offers.

Concurrency: the lead row, then the matching round robin rules (their cursor) and then the
candidate agents' user rows are locked, each in primary-key order, so parallel workers pick agents
one at a time and never exceed a cap (SELECT ... FOR UPDATE on PostgreSQL; SQLite serialises
writes anyway).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from enterprisehub import realtime
from leads import services as lead_services
from leads.enums import (
    EventKind,
    OfferKind,
    OfferStatus,
    RoutingOutcome,
    RoutingStrategy,
    RoutingTrigger,
    SkipReason,
)
from leads.models import Lead, LeadEvent
from leads.routing import decide, selectors
from leads.routing.models import AgentAvailability, LeadOffer, RoutingRule, RoutingRuleMember

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User

LIVE_GROUP = lead_services.LIVE_GROUP
ALERT_GROUP = "bi.alerts"
DEFAULT_RULE_NAME = "Default round robin"
_EVENT_KIND = {
    RoutingOutcome.ASSIGNED: EventKind.ROUTED,
    RoutingOutcome.BROADCAST: EventKind.OFFERED,
    RoutingOutcome.POND: EventKind.OFFERED,
}


@dataclass
class RoutingResult:
    """What routing did with a lead: the outcome, rule, agent or offer, and the recorded event."""

    lead: Lead
    outcome: str
    rule: RoutingRule | None
    agent: User | None
    offer: LeadOffer | None
    event: LeadEvent

    @property
    def alert(self) -> bool:
        return self.event.kind == EventKind.ROUTING_NO_AGENT

    @property
    def summary(self) -> str:
        return self.event.data["summary"]

    def as_dict(self) -> dict[str, Any]:
        rule = self.rule
        return {
            "outcome": self.outcome,
            "rule": None
            if rule is None
            else {"id": rule.pk, "name": rule.name, "strategy": rule.strategy},
            "agent": self.agent.pk if self.agent else None,
            "agent_name": str(self.agent) if self.agent else None,
            "offer": self.offer.pk if self.offer else None,
            "alert": self.alert,
            "reason": self.summary,
            "event": self.event.pk,
        }


def assignment_write(lead: Lead, agent: User | None, actor: User | None) -> Lead:
    """The one place routing writes lead.assigned_agent (through the leads services)."""
    if agent is None:
        return lead_services.lead_update(lead=lead, data={"assigned_agent": None}, actor=actor)
    return lead_services.lead_assign(lead=lead, agent=agent, actor=actor)


# --- loading what the decision needs ----------------------------------------------------------


def _lock_lead(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead.pk)


def _spec(rule: RoutingRule, members: list[RoutingRuleMember]) -> decide.RuleSpec:
    return decide.RuleSpec(
        id=rule.pk,
        name=rule.name,
        strategy=rule.strategy,
        is_default=rule.is_default,
        sources=tuple(rule.sources or ()),
        intents=tuple(rule.intents or ()),
        areas=tuple(rule.areas or ()),
        zip_codes=tuple(rule.zip_codes or ()),
        price_min=rule.price_min,
        price_max=rule.price_max,
        agent_id=rule.agent_id,
        members=tuple(
            decide.MemberSpec(m.agent_id, m.weight, m.pass_value, m.last_turn) for m in members
        ),
        clock=rule.rr_clock,
        turns=rule.rr_turns,
    )


def _facts(lead: Lead) -> decide.LeadFacts:
    return decide.LeadFacts(
        source=lead.source,
        intent=lead.intent,
        areas=tuple(str(a) for a in (lead.areas or ())),
        budget_min=lead.budget_min,
        budget_max=lead.budget_max,
    )


def _rules_locked(facts: decide.LeadFacts) -> list[RoutingRule]:
    """Active rules in order; the matching round robin ones locked (their cursor moves)."""
    rules = list(RoutingRule.objects.filter(is_active=True).order_by("position", "id"))
    spinning = [
        r.pk
        for r in rules
        if r.strategy == RoutingStrategy.ROUND_ROBIN
        and decide.rule_mismatch(_spec(r, []), facts) is None
    ]
    if spinning:
        locked = RoutingRule.objects.select_for_update().filter(pk__in=spinning).order_by("pk")
        fresh = {r.pk: r for r in locked}
        rules = [fresh.get(r.pk, r) for r in rules]
    return rules


def _load(
    lead: Lead,
) -> tuple[list[RoutingRule], list[decide.RuleSpec], dict[int, User]]:
    facts = _facts(lead)
    rules = _rules_locked(facts)
    members: dict[int, list[RoutingRuleMember]] = {r.pk: [] for r in rules}
    for member in RoutingRuleMember.objects.filter(rule__in=rules).order_by("id"):
        members[member.rule_id].append(member)
    specs = [_spec(r, members[r.pk]) for r in rules]
    candidate_ids = {
        a for s in specs if decide.rule_mismatch(s, facts) is None for a in s.candidate_ids()
    }
    # Lock the candidates' user rows (in id order) so parallel routings count each other's hot
    # leads before comparing them with a cap. The count must be a statement of its own, after
    # the lock: under READ COMMITTED a statement that waited for a lock still reads the rest of
    # the database as of its start, so a count inside the locking query would miss the lead the
    # other routing just gave this agent.
    user_model = get_user_model()
    locked = user_model.objects.select_for_update().filter(pk__in=candidate_ids).order_by("pk")
    list(locked.values_list("pk", flat=True))
    users = selectors.agents_for_routing(agent_ids=candidate_ids)
    return rules, specs, {user.pk: user for user in users}


# --- writing the decision ---------------------------------------------------------------------


def offer_close(offer: LeadOffer, status: str, *, by: User | None = None) -> None:
    offer.status, offer.closed_at, offer.claimed_by = status, timezone.now(), by
    offer.save(update_fields=["status", "closed_at", "claimed_by"])


def _withdraw_open_offer(lead: Lead) -> None:
    offer = selectors.open_offer_for(lead=lead)
    if offer is not None:
        offer_close(offer, OfferStatus.WITHDRAWN)


def _advance_round_robin(rule: RoutingRule, decision: decide.Decision) -> None:
    RoutingRuleMember.objects.filter(rule=rule, agent_id=decision.agent_id).update(
        pass_value=decision.new_pass, last_turn=decision.new_turn
    )
    RoutingRule.objects.filter(pk=rule.pk).update(
        rr_clock=decision.new_clock, rr_turns=decision.new_turn
    )


def _offer(lead: Lead, rule: RoutingRule | None, decision: decide.Decision) -> LeadOffer:
    if decision.outcome == RoutingOutcome.BROADCAST:
        assert rule is not None
        expires = timezone.now() + timedelta(minutes=rule.claim_minutes)
        offer = LeadOffer.objects.create(
            lead=lead, rule=rule, kind=OfferKind.BROADCAST, expires_at=expires
        )
        offer.agents.set(decision.offered_to)
        return offer
    return LeadOffer.objects.create(lead=lead, rule=rule, kind=OfferKind.POND)


def _publish(result: RoutingResult) -> None:
    lead_id = str(result.lead.pk)
    payload = {
        "id": lead_id,
        "outcome": result.outcome,
        "rule_id": result.rule.pk if result.rule else None,
        "agent_id": result.agent.pk if result.agent else None,
    }
    realtime.publish_on_commit(LIVE_GROUP, "lead.routed", payload)
    if result.alert:
        alert = {"lead_id": lead_id, "event_id": result.event.pk, "summary": result.summary}
        realtime.publish_on_commit(ALERT_GROUP, "routing.no_agent", alert)


def _route(
    lead: Lead,
    *,
    trigger: str,
    actor: User | None,
    excluded: dict[int, str],
    passed_over: list[int],
) -> RoutingResult:
    """Decide by the rules and write it: assignment or offer, round robin cursor, the event."""
    rules, specs, users = _load(lead)
    agents = {pk: selectors.agent_state(user) for pk, user in users.items()}
    decision = decide.decide(
        lead=_facts(lead), rules=specs, agents=agents, now=timezone.now(), excluded=excluded
    )
    rule = next((r for r in rules if decision.rule and r.pk == decision.rule.id), None)
    agent, offer = None, None
    if decision.outcome == RoutingOutcome.ASSIGNED:
        agent = users[decision.agent_id]
        if decision.new_pass is not None and rule is not None:
            _advance_round_robin(rule, decision)
    else:
        offer = _offer(lead, rule, decision)
    if lead.assigned_agent_id != (agent.pk if agent else None):
        lead = assignment_write(lead, agent, actor)
    kind = EventKind.ROUTING_NO_AGENT if decision.alert else _EVENT_KIND[decision.outcome]
    data = decide.event_data(decision, agents, trigger=trigger, passed_over=passed_over)
    event = LeadEvent.objects.create(lead=lead, kind=kind, data=data, actor=actor)
    result = RoutingResult(lead, decision.outcome, rule, agent, offer, event)
    _publish(result)
    return result


# --- entry points ----------------------------------------------------------------------------


@transaction.atomic
def lead_route(
    *, lead: Lead, trigger: str = RoutingTrigger.CREATED, actor: User | None = None
) -> RoutingResult | None:
    """Route a lead with no agent by the rules; None if it has an agent or an open offer.

    A handoff (`trigger=handoff`) of a lead waiting in the pond tries the rules again.
    """
    lead = _lock_lead(lead)
    if lead.assigned_agent_id is not None:
        return None
    offer = selectors.open_offer_for(lead=lead)
    if offer is not None:
        if not (trigger == RoutingTrigger.HANDOFF and offer.kind == OfferKind.POND):
            return None
        offer_close(offer, OfferStatus.WITHDRAWN)
    return _route(lead, trigger=trigger, actor=actor, excluded={}, passed_over=[])


@transaction.atomic
def lead_create_routed(
    *, actor: User | None = None, **fields: Any
) -> tuple[Lead, RoutingResult | None]:
    """Create a lead (leads.services.lead_create) and route it when it has no agent."""
    lead = lead_services.lead_create(actor=actor, **fields)
    if lead.assigned_agent_id is not None:
        return lead, None
    result = lead_route(lead=lead, trigger=RoutingTrigger.CREATED)
    return (result.lead if result else lead), result


def leads_waiting_route(*, limit: int | None = None) -> list[RoutingResult]:
    """Route open leads that have no agent and no open offer (a backlog from before the rules
    existed, or leads made by a path that does not route); each in its own transaction."""
    waiting = (
        Lead.objects.filter(assigned_agent__isnull=True)
        .exclude(stage__in=selectors.CLOSED_STAGES)
        .exclude(offers__status=OfferStatus.OPEN)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
    )
    ids = list(waiting[:limit] if limit else waiting)
    results = [lead_route(lead=Lead(pk=pk), trigger=RoutingTrigger.CREATED) for pk in ids]
    return [r for r in results if r is not None]


@transaction.atomic
def lead_hand_off_routed(
    *, lead: Lead, reason: str, actor: User | None = None
) -> tuple[Lead, RoutingResult | None]:
    """Hand the lead to a human; one with no agent is routed by the rules."""
    lead = lead_services.lead_hand_off(lead=lead, reason=reason, actor=actor)
    if lead.assigned_agent_id is not None:
        return lead, None
    result = lead_route(lead=lead, trigger=RoutingTrigger.HANDOFF)
    return (result.lead if result else lead), result


@transaction.atomic
def lead_reroute(*, lead: Lead, actor: User | None) -> RoutingResult:
    """A broker's re-route: by the rules again, to someone other than the current agent."""
    lead = _lock_lead(lead)
    _withdraw_open_offer(lead)
    current = lead.assigned_agent_id
    excluded = {current: SkipReason.CURRENT_AGENT} if current else {}
    return _route(
        lead, trigger=RoutingTrigger.REROUTE, actor=actor, excluded=excluded, passed_over=[]
    )


def _ids(users: Iterable[User | int]) -> set[int]:
    return {u if isinstance(u, int) else u.pk for u in users}


@transaction.atomic
def lead_reoffer(
    *, lead: Lead, passed_over: Iterable[User | int] = (), actor: User | None = None
) -> RoutingResult:
    """A claim timer ran out: give the lead to the next agent by the rules.

    Skips the lead's current agent, `passed_over`, and everyone who let an earlier offer of this
    lead lapse since it was last routed; nobody left means the pond and a broker alert.
    """
    lead = _lock_lead(lead)
    _withdraw_open_offer(lead)
    lapsed = _ids(passed_over)
    if lead.assigned_agent_id is not None:
        lapsed.add(lead.assigned_agent_id)
    previous = selectors.last_routing_event(lead=lead)
    if previous is not None:
        lapsed |= set(previous.data.get("passed_over") or ())
    excluded = dict.fromkeys(lapsed, SkipReason.PASSED_OVER)
    return _route(
        lead,
        trigger=RoutingTrigger.REOFFER,
        actor=actor,
        excluded=excluded,
        passed_over=sorted(lapsed),
    )


# --- settings of routing ---------------------------------------------------------------------


@transaction.atomic
def availability_away_set(
    *, agent: User, away_until: datetime | None, away_note: str = ""
) -> AgentAvailability:
    """Mark the agent away (skipped by routing) until `away_until`; None means back now."""
    row, _ = AgentAvailability.objects.get_or_create(agent=agent)
    row.away_until, row.away_note = away_until, away_note if away_until else ""
    row.full_clean()
    row.save(update_fields=["away_until", "away_note", "updated_at"])
    return row


@transaction.atomic
def routing_default_ensure(*, agents: list[User]) -> tuple[RoutingRule, bool]:
    """Install a default round robin among `agents` unless a default rule exists; (rule, new)."""
    existing = RoutingRule.objects.filter(is_default=True).first()
    if existing is not None:
        return existing, False
    name, n = DEFAULT_RULE_NAME, 1
    while RoutingRule.objects.filter(name=name).exists():  # a renamed former default keeps its
        n += 1
        name = f"{DEFAULT_RULE_NAME} {n}"
    rule = RoutingRule.objects.create(
        name=name,
        is_default=True,
        strategy=RoutingStrategy.ROUND_ROBIN,
        position=1000,
    )
    RoutingRuleMember.objects.bulk_create(
        [RoutingRuleMember(rule=rule, agent=agent) for agent in agents]
    )
    return rule, True
