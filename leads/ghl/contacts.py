"""GHL contacts into leads: find or create the lead of a contact, apply its details, tags (AI-Off
and Stop-Bot stop the bots), DND (through the consent services), appointments and deletion."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from compliance import dsr
from enterprisehub import pii
from leads import consent, services
from leads.enums import Control, EventKind, Source, Stage
from leads.exceptions import DuplicateLeadError
from leads.ghl import operations
from leads.ghl.client import GhlClient
from leads.ghl.conf import ghl_config
from leads.ghl.exceptions import GhlApiError, GhlNotConfiguredError, GhlTransientError
from leads.models import Lead, LeadEvent

log = logging.getLogger(__name__)
STOP_TAGS = frozenset({"ai-off", "stop-bot"})  # compared case-insensitively
TAG_REASON = "tag:"
# Stages an appointment moves forward from (never back from under contract or closed).
BEFORE_APPOINTMENT = {Stage.NEW, Stage.ENGAGED, Stage.QUALIFIED, Stage.NURTURE, Stage.LOST}
DND_ON = {"active", "permanent"}


def _clean(value: Any, normalize) -> str | None:
    """The normalised phone or email, or None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return normalize(value)
    except (pii.PhoneFormatError, pii.EmailFormatError):
        return None


def _details(contact: dict[str, Any]) -> dict[str, Any]:
    """What GHL tells us about the person; absent or empty values change nothing."""
    first, last = contact.get("firstName"), contact.get("lastName")
    if not (first or last) and isinstance(contact.get("name"), str):
        first, _, last = contact["name"].strip().partition(" ")
    found = {
        "first_name": first.strip()[:100] if isinstance(first, str) else None,
        "last_name": last.strip()[:100] if isinstance(last, str) else None,
        "phone": _clean(contact.get("phone"), pii.normalize_phone),
        "email": _clean(contact.get("email"), pii.normalize_email),
    }
    return {k: v for k, v in found.items() if v}


def _match_unlinked(details: dict[str, Any]) -> Lead | None:
    """A lead with the same phone or email that is not yet linked to any GHL contact."""
    probe = Lead(phone=details.get("phone", ""), email=details.get("email", ""))
    probe.phone_hash = pii.blind_index("phone", probe.phone) if probe.phone else ""
    probe.email_hash = pii.blind_index("email", probe.email) if probe.email else ""
    found = services.lead_find_duplicate(lead=probe)
    if found and not found[0].ghl_contact_id:
        return found[0]
    return None


def _update(lead: Lead, data: dict[str, Any]) -> Lead:
    """lead_update, dropping a phone/email another lead already has (noted on the timeline)."""
    try:
        with transaction.atomic():
            return services.lead_update(lead=lead, data=data)
    except DuplicateLeadError as exc:
        LeadEvent.objects.create(
            lead=lead, kind=EventKind.NOTE, data={"ghl_duplicate_contact_detail": exc.field}
        )
        rest = {k: v for k, v in data.items() if k not in ("phone", "email")}
        return services.lead_update(lead=lead, data=rest)


@transaction.atomic
def lead_upsert_from_ghl(
    *, contact_id: str, contact: dict[str, Any], source: str = Source.GHL_FORM
) -> tuple[Lead, bool]:
    """The lead of a GHL contact, updated from what GHL sent, or created; (lead, created)."""
    details = _details(contact)
    lead = Lead.objects.filter(ghl_contact_id=contact_id).first()
    if lead is None and details:
        lead = _match_unlinked(details)
    created = lead is None
    if lead is None:
        lead = services.lead_create(
            allow_duplicate=True, ghl_contact_id=contact_id, source=source, **details
        )
    else:
        lead = _update(lead, {**details, "ghl_contact_id": contact_id})
    if isinstance(contact.get("tags"), list):
        lead = lead_tags_apply(lead=lead, tags=contact["tags"])
    lead_dnd_apply(lead=lead, contact=contact, note_cleared=False)
    return lead, created


def _fetch(contact_id: str) -> dict[str, Any]:
    """The contact from GHL, or {} when GHL is not configured or does not answer quickly."""
    if not ghl_config().configured:
        return {}
    try:
        with GhlClient() as client:
            return operations.contact_get(client, contact_id=contact_id, max_wait=2.0)
    except (GhlApiError, GhlTransientError, GhlNotConfiguredError) as exc:
        log.info("ghl contact %s not fetched (%s)", contact_id, type(exc).__name__)
        return {}


def lead_for_ghl_contact(*, contact_id: str, source: str = Source.GHL_SMS) -> Lead:
    """The lead of a contact; a new or phoneless one is filled from GHL when it answers."""
    lead = Lead.objects.filter(ghl_contact_id=contact_id).first()
    if lead is not None and lead.phone:
        return lead
    contact = _fetch(contact_id)
    if lead is not None and not contact:
        return lead
    return lead_upsert_from_ghl(contact_id=contact_id, contact=contact, source=source)[0]


def lead_tags_apply(*, lead: Lead, tags: list[Any]) -> Lead:
    """Mirror the contact's tags; AI-Off / Stop-Bot stop the bots, removing them restarts."""
    names = [str(t).strip() for t in tags if str(t).strip()][:200]
    if names != lead.ghl_tags:
        lead.ghl_tags = names
        lead.save(update_fields=["ghl_tags", "updated_at"])
    stop = next((t for t in names if t.lower() in STOP_TAGS), None)
    if stop and lead.control == Control.BOT:
        lead, _ = services.lead_control_set(
            lead=lead, control=Control.HUMAN, reason=f"{TAG_REASON}{stop}"
        )
    elif not stop and lead.control == Control.HUMAN and lead.control_reason.startswith(TAG_REASON):
        lead, _ = services.lead_control_set(lead=lead, control=Control.BOT, reason="tag_removed")
    return lead


def lead_dnd_apply(*, lead: Lead, contact: dict[str, Any], note_cleared: bool) -> Lead:
    """GHL's Do Not Disturb into consent: SMS DND opts out, email DND unsubscribes.

    A DND lifted in GHL is not the person's consent (only their START is): it is noted on the
    timeline for a broker, and nothing else changes.
    """
    channels = contact.get("dndSettings") if isinstance(contact.get("dndSettings"), dict) else {}
    sms = (
        (channels.get("SMS") or {}).get("status") if isinstance(channels.get("SMS"), dict) else None
    )
    email = channels.get("Email") if isinstance(channels.get("Email"), dict) else {}
    everything = contact.get("dnd") is True
    if sms in DND_ON or (sms is None and everything):
        lead, _ = consent.lead_opt_out(lead=lead, source="ghl_dnd", evidence="GHL DND")
    elif (
        note_cleared
        and lead.sms_opted_out_at is not None
        and (sms == "inactive" or contact.get("dnd") is False)
    ):
        LeadEvent.objects.create(lead=lead, kind=EventKind.NOTE, data={"ghl_dnd_cleared": "sms"})
    if email.get("status") in DND_ON or (not email and everything):
        consent.lead_email_unsubscribe(lead_id=lead.pk, source="ghl_dnd")
        lead.refresh_from_db()
    return lead


@transaction.atomic
def lead_appointment_booked(*, lead: Lead, appointment: dict[str, Any]) -> Lead:
    """An appointment in GHL: stage → appointment (never backwards) and a timeline event."""
    if lead.stage in BEFORE_APPOINTMENT:
        lead = services.lead_update(lead=lead, data={"stage": Stage.APPOINTMENT})
    keep = ("id", "calendarId", "startTime", "endTime", "appointmentStatus")
    LeadEvent.objects.create(
        lead=lead,
        kind=EventKind.APPOINTMENT,
        data={"source": "ghl", **{k: appointment[k] for k in keep if k in appointment}},
    )
    return lead


@transaction.atomic
def lead_ghl_contact_deleted(*, contact_id: str) -> Lead | None:
    """The contact was deleted in GHL: anonymise the lead everywhere, keep its funnel row."""
    lead = Lead.objects.select_for_update().filter(ghl_contact_id=contact_id).first()
    if lead is None:
        return None
    # Unlinked first, so the erasure does not ask GHL to delete what it just deleted.
    Lead.objects.filter(pk=lead.pk).update(ghl_contact_id=None)
    LeadEvent.objects.create(lead=lead, kind=EventKind.NOTE, data={"ghl_contact_deleted": True})
    dsr.subject_erase(lead_id=lead.pk)
    lead.refresh_from_db()
    return lead
