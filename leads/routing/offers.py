"""Offers of a lead (a broadcast to a set of agents, or the pond): claiming one, and re-offering
broadcasts whose claim window ran out (every minute, leads.tasks.offers_expire_task)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from enterprisehub import realtime
from leads.enums import EventKind, OfferKind, OfferStatus
from leads.exceptions import OfferClosedError, OfferNotFoundError, OfferTakenError
from leads.models import Lead, LeadEvent
from leads.routing import services
from leads.routing.models import LeadOffer

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User


def _may_claim(offer: LeadOffer, agent: User) -> bool:
    if not (agent.is_active and agent.is_agent):
        return False
    return offer.kind == OfferKind.POND or offer.agents.filter(pk=agent.pk).exists()


@transaction.atomic
def offer_claim(*, offer_id: int, agent: User, now: datetime | None = None) -> LeadOffer:
    """The agent claims an offered lead: the first claim wins, later ones get OfferTakenError."""
    now = now or timezone.now()
    row = LeadOffer.objects.filter(pk=offer_id).values("lead_id").first()
    if row is None:
        raise OfferNotFoundError("No such offer.")
    lead = Lead.objects.select_for_update().get(pk=row["lead_id"])  # claims queue up here
    offer = LeadOffer.objects.select_related("rule", "claimed_by").get(pk=offer_id)
    if not _may_claim(offer, agent):
        raise OfferNotFoundError("No such offer.")
    if offer.status == OfferStatus.CLAIMED or lead.assigned_agent_id is not None:
        taker = offer.claimed_by or lead.assigned_agent
        raise OfferTakenError(f"{taker} already has this lead.")
    if offer.status != OfferStatus.OPEN or (offer.expires_at and offer.expires_at <= now):
        raise OfferClosedError("This offer is closed: the claim window ran out.")
    services.offer_close(offer, OfferStatus.CLAIMED, by=agent)
    lead = services.assignment_write(lead, agent, agent)
    data = {
        "offer_id": offer.pk,
        "offer_kind": offer.kind,
        "rule_id": offer.rule_id,
        "rule_name": offer.rule.name if offer.rule else None,
        "agent_id": agent.pk,
        "agent_name": str(agent),
        "waited_seconds": int((now - offer.created_at).total_seconds()),
        "summary": f"Claimed by {agent} from the {offer.get_kind_display().lower()}.",
    }
    LeadEvent.objects.create(lead=lead, kind=EventKind.CLAIMED, data=data, actor=agent)
    realtime.publish_on_commit(
        services.LIVE_GROUP,
        "offer.claimed",
        {"offer_id": offer.pk, "id": str(lead.pk), "agent_id": agent.pk},
    )
    return offer


def offers_expire(*, now: datetime | None = None) -> int:
    """Re-offer every broadcast whose claim window ran out; how many. Safe to run twice."""
    now = now or timezone.now()
    due = LeadOffer.objects.filter(
        status=OfferStatus.OPEN, kind=OfferKind.BROADCAST, expires_at__lte=now
    ).values_list("pk", flat=True)
    return sum(_offer_expire(offer_id=pk) for pk in list(due))


@transaction.atomic
def _offer_expire(*, offer_id: int) -> bool:
    lead_id = LeadOffer.objects.values_list("lead_id", flat=True).get(pk=offer_id)
    lead = Lead.objects.select_for_update().get(pk=lead_id)
    offer = LeadOffer.objects.get(pk=offer_id)
    if offer.status != OfferStatus.OPEN:
        return False  # claimed or handled by a run in parallel
    services.offer_close(offer, OfferStatus.EXPIRED)
    if lead.assigned_agent_id is None:
        services.lead_reoffer(
            lead=lead, passed_over=list(offer.agents.values_list("pk", flat=True))
        )
    return True
