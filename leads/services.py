"""Writes and workflows for leads: create (with dedupe), update, assign, hand off, mark lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from enterprisehub import pii, realtime
from leads import scoring
from leads.enums import EventKind, OfferStatus, Stage
from leads.exceptions import DuplicateLeadError, LeadRuleError
from leads.models import Lead, LeadEvent
from leads.routing.models import LeadOffer

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User

# Fields a caller may set directly (PII goes through _apply_contact).
EDITABLE_FIELDS = {
    "ghl_contact_id",
    "first_name",
    "last_name",
    "source",
    "intent",
    "stage",
    "budget_min",
    "budget_max",
    "timeline_months",
    "pre_approved",
    "bedrooms_min",
    "bathrooms_min",
    "areas",
    "property_type",
    "motivation",
    "current_home_to_sell",
    "assigned_agent",
    "sms_consent_at",
}
LIVE_GROUP = "bi.leads"


@dataclass
class LeadChanges:
    """What a lead_update changed, for events and live updates."""

    fields: list[str] = field(default_factory=list)
    stage_from: str | None = None


def _apply_contact(lead: Lead, *, phone: str | None, email: str | None) -> list[str]:
    changed = []
    if phone is not None:
        normalized = pii.normalize_phone(phone) if phone.strip() else ""
        if normalized != lead.phone:
            lead.phone = normalized
            lead.phone_hash = pii.blind_index("phone", normalized) if normalized else ""
            changed += ["phone", "phone_hash"]
    if email is not None:
        normalized = pii.normalize_email(email) if email.strip() else ""
        if normalized != lead.email:
            lead.email = normalized
            lead.email_hash = pii.blind_index("email", normalized) if normalized else ""
            changed += ["email", "email_hash"]
    return changed


def _event(lead: Lead, kind: str, data: dict[str, Any], actor: User | None = None) -> LeadEvent:
    return LeadEvent.objects.create(lead=lead, kind=kind, data=data, actor=actor)


def _offers_withdraw(lead: Lead) -> None:
    """A lead that has an agent is no longer offered (in the pond or to a broadcast)."""
    LeadOffer.objects.filter(lead=lead, status=OfferStatus.OPEN).update(
        status=OfferStatus.WITHDRAWN, closed_at=timezone.now()
    )


def _check_budget(lead: Lead) -> None:
    if lead.budget_min and lead.budget_max and lead.budget_min > lead.budget_max:
        raise LeadRuleError("budget_min is above budget_max.", field="budget_min")


@transaction.atomic
def lead_create(
    *,
    phone: str = "",
    email: str = "",
    actor: User | None = None,
    allow_duplicate: bool = False,
    **fields: Any,
) -> Lead:
    """Create a lead; a phone or email already on file raises DuplicateLeadError."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise LeadRuleError(f"Unknown field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    lead = Lead(**fields)
    _apply_contact(lead, phone=phone, email=email)
    if not allow_duplicate:
        existing = lead_find_duplicate(lead=lead)
        if existing is not None:
            raise DuplicateLeadError(
                f"A lead with this {existing[1]} already exists.", field=existing[1]
            )
    _check_budget(lead)
    lead.temperature = scoring.temperature_for(lead.score)
    lead.full_clean(exclude=["phone", "email"])
    lead.save()
    _event(lead, EventKind.CREATED, {"source": lead.source}, actor)
    realtime.publish_on_commit(
        LIVE_GROUP, "lead.created", {"id": str(lead.id), "stage": lead.stage}
    )
    return lead


def lead_find_duplicate(*, lead: Lead) -> tuple[Lead, str] | None:
    """Another lead with the same phone or email (by blind index), and which one matched."""
    others = Lead.objects.exclude(pk=lead.pk)
    if lead.phone_hash:
        match = others.filter(phone_hash=lead.phone_hash).order_by("created_at").first()
        if match:
            return match, "phone"
    if lead.email_hash:
        match = others.filter(email_hash=lead.email_hash).order_by("created_at").first()
        if match:
            return match, "email"
    return None


@transaction.atomic
def lead_upsert_by_contact(*, phone: str = "", email: str = "", **fields: Any) -> tuple[Lead, bool]:
    """Find the lead by phone/email (any format) and update it, or create it; (lead, created)."""
    probe = Lead()
    _apply_contact(probe, phone=phone, email=email)
    found = lead_find_duplicate(lead=probe)
    if found is None:
        return lead_create(phone=phone, email=email, **fields), True
    lead = found[0]
    lead_update(lead=lead, data={k: v for k, v in fields.items() if v not in (None, "")})
    return lead, False


@transaction.atomic
def lead_update(*, lead: Lead, data: dict[str, Any], actor: User | None = None) -> Lead:
    """Apply `data` (editable fields, phone, email) and record what changed."""
    data = dict(data)
    unknown = set(data) - EDITABLE_FIELDS - {"phone", "email"}
    if unknown:
        raise LeadRuleError(f"Unknown field {sorted(unknown)[0]}.", field=sorted(unknown)[0])
    changes = LeadChanges(stage_from=lead.stage)
    changes.fields += _apply_contact(
        lead, phone=data.pop("phone", None), email=data.pop("email", None)
    )
    if {"phone_hash", "email_hash"} & set(changes.fields):
        dup = lead_find_duplicate(lead=lead)
        if dup:
            raise DuplicateLeadError(f"A lead with this {dup[1]} already exists.", field=dup[1])
    for name, value in data.items():
        if getattr(lead, name) != value:
            setattr(lead, name, value)
            changes.fields.append(name)
    if not changes.fields:
        return lead
    _check_budget(lead)
    lead.full_clean(exclude=["phone", "email"])
    lead.save(update_fields=[*changes.fields, "updated_at"])
    if "stage" in changes.fields:
        _event(lead, EventKind.STAGE_CHANGED, {"from": changes.stage_from, "to": lead.stage}, actor)
    if "assigned_agent" in changes.fields:
        _event(lead, EventKind.ASSIGNED, {"agent_id": lead.assigned_agent_id}, actor)
        if lead.assigned_agent_id is not None:
            _offers_withdraw(lead)
    realtime.publish_on_commit(
        LIVE_GROUP, "lead.updated", {"id": str(lead.id), "fields": sorted(changes.fields)}
    )
    return lead


def lead_assign(*, lead: Lead, agent: User, actor: User | None = None) -> Lead:
    """Assign the lead to an agent."""
    return lead_update(lead=lead, data={"assigned_agent": agent}, actor=actor)


@transaction.atomic
def lead_hand_off(*, lead: Lead, reason: str, actor: User | None = None) -> Lead:
    """Hand the lead to a human: record why; bots stop answering its conversations."""
    _event(lead, EventKind.HANDED_OFF, {"reason": reason}, actor)
    realtime.publish_on_commit(LIVE_GROUP, "lead.handed_off", {"id": str(lead.id)})
    return lead


def lead_mark_lost(*, lead: Lead, reason: str = "", actor: User | None = None) -> Lead:
    """Move the lead to the lost stage."""
    lead = lead_update(lead=lead, data={"stage": Stage.LOST}, actor=actor)
    if reason:
        _event(lead, EventKind.NOTE, {"lost_reason": reason}, actor)
    return lead


@transaction.atomic
def lead_score_set(
    *, lead: Lead, score: int, reasons: list[dict[str, Any]], actor: User | None = None
) -> Lead:
    """Set score (1-10), temperature and the reasons; record a scored event."""
    if not 1 <= score <= 10:
        raise LeadRuleError("Score must be between 1 and 10.", field="score")
    lead.score = score
    lead.temperature = scoring.temperature_for(score)
    lead.score_reasons = reasons
    lead.save(update_fields=["score", "temperature", "score_reasons", "updated_at"])
    _event(lead, EventKind.SCORED, {"score": score, "temperature": lead.temperature}, actor)
    realtime.publish_on_commit(LIVE_GROUP, "lead.scored", {"id": str(lead.id), "score": score})
    return lead


def lead_event_record(
    *, lead_id: Any, kind: str, data: dict[str, Any], actor: User | None = None
) -> LeadEvent:
    """Add an event to the lead's timeline (for apps above leads: payments, refunds, ...)."""
    if kind not in EventKind.values:
        raise LeadRuleError(f"Unknown event kind {kind}.", field="kind")
    return LeadEvent.objects.create(lead_id=lead_id, kind=kind, data=data, actor=actor)


def lead_mark_contacted(*, lead: Lead) -> Lead:
    """Stamp last_contacted_at now."""
    lead.last_contacted_at = timezone.now()
    lead.save(update_fields=["last_contacted_at", "updated_at"])
    return lead
