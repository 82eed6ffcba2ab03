"""Reads for routing: agents' state, open offers a viewer may claim, leads counted per rule."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone

from enterprisehub.accounts import roles
from leads.enums import ROUTING_EVENT_KINDS, EventKind, OfferKind, OfferStatus, Stage, Temperature
from leads.models import Lead, LeadEvent
from leads.routing.decide import AgentState, agent_skip
from leads.routing.models import AgentAvailability, LeadOffer, RoutingRule

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User

CLOSED_STAGES = (Stage.CLOSED, Stage.LOST)


def hot_open_counts(*, agent_ids: Iterable[int]) -> dict[int, int]:
    """Open (not closed or lost) hot leads held by each agent."""
    rows = (
        Lead.objects.filter(assigned_agent_id__in=list(agent_ids), temperature=Temperature.HOT)
        .exclude(stage__in=CLOSED_STAGES)
        .values("assigned_agent_id")
        .annotate(n=Count("id"))
    )
    return {row["assigned_agent_id"]: row["n"] for row in rows}


def agents_for_routing(*, agent_ids: Iterable[int]) -> QuerySet[User]:
    """The users, each with what routing needs in one query: availability, agents-group
    membership (`in_agents`) and open hot leads (`hot_open`)."""
    user_model = get_user_model()
    hot = (
        Lead.objects.filter(assigned_agent=OuterRef("pk"), temperature=Temperature.HOT)
        .exclude(stage__in=CLOSED_STAGES)
        .order_by()
        .values("assigned_agent")
        .annotate(n=Count("id"))
        .values("n")
    )
    in_agents = user_model.groups.through.objects.filter(
        user_id=OuterRef("pk"), group__name=roles.AGENTS
    )
    return (
        user_model.objects.filter(pk__in=list(agent_ids))
        .select_related("routing_availability")
        .annotate(in_agents=Exists(in_agents), hot_open=Coalesce(Subquery(hot), 0))
        .order_by("pk")
    )


def agent_state(user: User) -> AgentState:
    """The routing view of a user from agents_for_routing."""
    row = getattr(user, "routing_availability", None)
    return AgentState(
        id=user.pk,
        name=str(user),
        active=user.is_active,
        is_agent=user.in_agents,
        away_until=row.away_until if row else None,
        hot_open=user.hot_open,
        hot_cap=row.hot_lead_cap if row else None,
    )


def agent_status(*, agent: User, now: datetime | None = None) -> str:
    """'available', 'away until …' or 'at cap: n of m open hot leads' for the back office."""
    state = agent_state(agents_for_routing(agent_ids=[agent.pk]).get())
    why = agent_skip(state, now=now or timezone.now(), excluded={})
    return "available" if why is None else why[1]


def availability_of(*, agent: User) -> dict[str, Any]:
    """The agent's away date, note, cap and routing status now."""
    row = AgentAvailability.objects.filter(agent=agent).first()
    return {
        "away_until": row.away_until if row else None,
        "away_note": row.away_note if row else "",
        "hot_lead_cap": row.hot_lead_cap if row else None,
        "status": agent_status(agent=agent),
    }


def offer_get(*, offer_id: int) -> LeadOffer:
    """One offer with its lead and rule."""
    return LeadOffer.objects.select_related("lead", "rule").get(pk=offer_id)


def offers_open_for(*, viewer: User) -> QuerySet[LeadOffer]:
    """Open offers the viewer may claim: an agent the pond and broadcasts to them, a broker all.

    An offer whose lead got an agent some other way (assigned by hand) is no longer open.
    """
    qs = (
        LeadOffer.objects.filter(status=OfferStatus.OPEN, lead__assigned_agent__isnull=True)
        .select_related("lead", "rule")
        .order_by("created_at", "id")
    )
    if not viewer.is_authenticated or not viewer.is_active:
        return qs.none()
    if viewer.is_broker:
        return qs
    if not viewer.is_agent:
        return qs.none()
    return qs.filter(Q(kind=OfferKind.POND) | Q(agents=viewer)).distinct()


def open_offer_for(*, lead: Lead) -> LeadOffer | None:
    """The lead's open offer (pond or broadcast), if any."""
    return lead.offers.filter(status=OfferStatus.OPEN).first()


def leads_in_pond() -> QuerySet[Lead]:
    """Leads with no agent waiting in the pond."""
    return Lead.objects.filter(
        assigned_agent__isnull=True,
        offers__status=OfferStatus.OPEN,
        offers__kind=OfferKind.POND,
    )


@dataclass(frozen=True)
class RuleCount:
    rule_id: int | None
    rule_name: str
    leads: int


def rule_lead_counts(*, since: datetime | None = None) -> list[RuleCount]:
    """Routing decisions per rule (rule None: nobody available), most first. For BI pages."""
    events = LeadEvent.objects.filter(kind__in=ROUTING_EVENT_KINDS)
    if since is not None:
        events = events.filter(at__gte=since)
    rows = (
        events.annotate(rule_key=KeyTextTransform("rule_id", "data"))
        .values("rule_key")
        .annotate(n=Count("lead_id", distinct=True))
    )
    names = dict(RoutingRule.objects.values_list("pk", "name"))
    counts = []
    for row in rows:
        rule_id = int(row["rule_key"]) if row["rule_key"] not in (None, "") else None
        name = names.get(rule_id, f"rule {rule_id} (deleted)") if rule_id else "no agent available"
        counts.append(RuleCount(rule_id, name, row["n"]))
    return sorted(counts, key=lambda c: (-c.leads, c.rule_name.casefold()))


def last_routing_event(*, lead: Lead) -> LeadEvent | None:
    """The lead's most recent routing decision."""
    kinds = [*ROUTING_EVENT_KINDS, EventKind.CLAIMED]
    return lead.events.filter(kind__in=kinds).order_by("-at", "-id").first()
