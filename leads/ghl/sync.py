"""Leads out to GHL: the debounced sync of one lead (contact, tags, custom fields), the handoff
record (opportunity or note) and the deletion of an erased person's contact.

A sync is requested by the lead services after a qualification, stage, score or control change:
the request is stamped on the lead (the database remembers it even if Redis forgets the task)
and one task is scheduled GHL_SYNC_DEBOUNCE_SECONDS later, however many changes come in
meanwhile. The task sends the lead as it is then, and clears the stamp only if no newer change
arrived while it ran.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from leads.enums import Control, EventKind, Intent, Temperature
from leads.ghl import operations
from leads.ghl.client import GhlClient
from leads.ghl.conf import ghl_config
from leads.models import Lead, LeadEvent

log = logging.getLogger(__name__)
TEMPERATURE_TAGS = {t: f"{t}-lead" for t in Temperature.values}  # hot-lead, warm-lead, cold-lead
INTENT_TAGS = {
    Intent.BUYER: ["buyer"],
    Intent.SELLER: ["seller"],
    Intent.BOTH: ["buyer", "seller"],
    Intent.INVESTOR: ["investor"],
    Intent.RENTER: ["renter"],
}
HUMAN_TAG = "human-in-control"
# Every tag EnterpriseHub manages; tags outside this set are the brokerage's and never touched.
MANAGED_TAGS = frozenset(
    {*TEMPERATURE_TAGS.values(), *(t for tags in INTENT_TAGS.values() for t in tags), HUMAN_TAG}
)
CUSTOM_FIELD_KEYS = [
    "score",
    "temperature",
    "timeline_months",
    "budget",
    "pre_approved",
    "intent",
    "in_control",
]


_paused: contextvars.ContextVar[bool] = contextvars.ContextVar("ghl_sync_paused", default=False)


@contextlib.contextmanager
def sync_paused():
    """No GHL sync is requested inside (demo data must never reach a real CRM)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


def _debounce_key(lead_id: Any) -> str:
    return f"ghl:sync-scheduled:{lead_id}"


def sync_request(*, lead_id: uuid.UUID | str) -> bool:
    """Ask for the lead to be synced to GHL soon; False when GHL is not configured."""
    if _paused.get() or not ghl_config().configured:
        return False
    Lead.objects.filter(pk=lead_id).update(ghl_sync_requested_at=timezone.now())
    transaction.on_commit(lambda: sync_schedule(lead_id=lead_id))
    return True


def sync_schedule(*, lead_id: uuid.UUID | str, delay: int | None = None) -> bool:
    """Queue one sync task for the lead unless one is already waiting (the debounce)."""
    from leads.ghl.tasks import sync_lead

    delay = settings.GHL_SYNC_DEBOUNCE_SECONDS if delay is None else delay
    try:
        if not cache.add(_debounce_key(lead_id), 1, timeout=delay + 60):
            return False
        sync_lead.apply_async(kwargs={"lead_id": str(lead_id)}, countdown=delay)
    except Exception as exc:  # broker or cache down: the stamp stays, the beat re-queues
        log.warning("ghl sync of lead %s not queued (%s)", lead_id, type(exc).__name__)
        return False
    return True


def tags_for(lead: Lead) -> set[str]:
    """The managed tags the lead should carry now."""
    tags = {TEMPERATURE_TAGS[lead.temperature], *INTENT_TAGS.get(lead.intent, [])}
    if lead.control == Control.HUMAN:
        tags.add(HUMAN_TAG)
    return tags


def custom_values(lead: Lead) -> dict[str, Any]:
    """Our custom field values (no PII): score, temperature, timeline, budget, ..."""
    budget = ""
    if lead.budget_min or lead.budget_max:
        budget = f"{lead.budget_min or ''}-{lead.budget_max or ''}"
    return {
        "score": lead.score,
        "temperature": lead.temperature,
        "timeline_months": lead.timeline_months if lead.timeline_months is not None else "",
        "budget": budget,
        "pre_approved": {True: "yes", False: "no"}.get(lead.pre_approved, ""),
        "intent": lead.intent,
        "in_control": lead.control,
    }


def contact_fields(lead: Lead, field_ids: dict[str, str]) -> dict[str, Any]:
    """The upsert body of the lead (without tags)."""
    fields: dict[str, Any] = {
        "firstName": lead.first_name or None,
        "lastName": lead.last_name or None,
        "source": "EnterpriseHub",
        "customFields": [
            {"id": field_ids[key], "field_value": value}
            for key, value in custom_values(lead).items()
            if key in field_ids
        ],
    }
    if lead.phone:
        fields["phone"] = lead.phone
    if lead.email:
        fields["email"] = lead.email
    if lead.sms_opted_out_at is not None:
        fields["dndSettings"] = {"SMS": {"status": "active", "message": "Opted out by text"}}
    return {k: v for k, v in fields.items() if v is not None}


def lead_sync_to_ghl(*, lead_id: uuid.UUID | str, client: GhlClient | None = None) -> Lead | None:
    """Send the lead to GHL now: upsert the contact, fix our tags, record the result."""
    started = timezone.now()
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None or not (lead.phone or lead.email or lead.ghl_contact_id):
        return lead  # erased, or nothing GHL could match a contact on
    own = client is None
    client = client or GhlClient()
    try:
        ids = operations.custom_field_ids(client, keys=CUSTOM_FIELD_KEYS)
        contact = operations.contact_upsert(
            client, fields=contact_fields(lead, ids), lead_id=lead.pk
        )
        contact_id = str(contact.get("id") or lead.ghl_contact_id or "")
        if contact_id:
            _sync_tags(client, lead, contact_id, set(contact.get("tags") or lead.ghl_tags or []))
    finally:
        if own:
            client.close()
    _record_synced(lead, contact_id, started)
    return lead


def _sync_tags(client: GhlClient, lead: Lead, contact_id: str, current: set[str]) -> None:
    wanted = tags_for(lead)
    operations.tags_add(client, contact_id=contact_id, tags=sorted(wanted), lead_id=lead.pk)
    stale = sorted((current & MANAGED_TAGS) - wanted)
    operations.tags_remove(client, contact_id=contact_id, tags=stale, lead_id=lead.pk)


@transaction.atomic
def _record_synced(lead: Lead, contact_id: str, started: datetime) -> None:
    updates: dict[str, Any] = {"ghl_synced_at": timezone.now()}
    taken = Lead.objects.filter(ghl_contact_id=contact_id).exclude(pk=lead.pk)
    if contact_id and not lead.ghl_contact_id and not taken.exists():
        updates["ghl_contact_id"] = contact_id
    Lead.objects.filter(pk=lead.pk).update(**updates)
    # Clear the request only when no change came in after this sync began.
    Lead.objects.filter(pk=lead.pk, ghl_sync_requested_at__lte=started).update(
        ghl_sync_requested_at=None
    )
    LeadEvent.objects.create(
        lead=lead,
        kind=EventKind.SYNCED,
        data={"contact_id": contact_id, "linked": "ghl_contact_id" in updates},
    )


def leads_sync_due(*, older_than_seconds: int = 60, limit: int = 500) -> list[str]:
    """Ids of leads whose requested sync never ran (their task was lost)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return [
        str(pk)
        for pk in Lead.objects.filter(ghl_sync_requested_at__lt=cutoff)
        .order_by("ghl_sync_requested_at")
        .values_list("pk", flat=True)[:limit]
    ]


# --- handoff and deletion ----------------------------------------------------------------------


def handoff_schedule(*, lead_id: uuid.UUID | str, reason: str) -> bool:
    """Queue the handoff record for GHL after commit; False when GHL is not configured."""
    if _paused.get() or not ghl_config().configured:
        return False

    def enqueue() -> None:
        from leads.ghl.tasks import ghl_handoff_task

        try:
            ghl_handoff_task.apply_async(kwargs={"lead_id": str(lead_id), "reason": reason})
        except Exception as exc:  # the handed_off event and the control field stay the record
            log.warning("ghl handoff of lead %s not queued (%s)", lead_id, type(exc).__name__)

    transaction.on_commit(enqueue)
    return True


def handoff_push(*, lead_id: uuid.UUID | str, reason: str) -> str:
    """Tell GHL a person takes over: an opportunity when a pipeline is set, else a note."""
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None or not lead.ghl_contact_id:
        return "skipped"
    name = f"{lead.full_name or 'Lead'}: {lead.get_intent_display()} ({lead.score}/10)"
    with GhlClient() as client:
        if settings.GHL_PIPELINE_ID and settings.GHL_PIPELINE_STAGE_ID:
            operations.opportunity_create(
                client, contact_id=lead.ghl_contact_id, name=name, lead_id=lead.pk
            )
            return "opportunity"
        note = (
            f"EnterpriseHub handed this lead to a person ({reason}). Score {lead.score}/10, "
            f"{lead.temperature}, intent {lead.intent}, stage {lead.stage}."
        )
        operations.note_create(client, contact_id=lead.ghl_contact_id, body=note, lead_id=lead.pk)
        return "note"


def contact_delete_pending() -> list[LeadEvent]:
    """The erasure events whose GHL deletion has not been confirmed yet."""
    return list(
        LeadEvent.objects.filter(
            kind=EventKind.NOTE, data__status="pending", data__has_key="ghl_delete_requested"
        ).order_by("at")
    )


def contact_delete_schedule(*, event_id: int) -> bool:
    """Queue the deletion of an erased person's GHL contact (after commit)."""
    if not ghl_config().configured:
        return False  # stays pending, visible, until GHL is configured and the beat replays it

    def enqueue() -> None:
        from leads.ghl.tasks import ghl_contact_delete_task

        try:
            ghl_contact_delete_task.apply_async(kwargs={"event_id": event_id})
        except Exception as exc:  # the pending event is the record: the beat re-queues it
            log.warning("ghl contact deletion %s not queued (%s)", event_id, type(exc).__name__)

    transaction.on_commit(enqueue)
    return True


def contact_delete_run(*, event_id: int) -> bool:
    """Delete the contact an erasure asked for; mark the request done. False if not done."""
    event = LeadEvent.objects.filter(pk=event_id, data__status="pending").first()
    if event is None:
        return False
    contact_id = event.data["ghl_delete_requested"]
    with GhlClient() as client:
        operations.contact_delete(client, contact_id=contact_id, lead_id=event.lead_id)
    event.data = {**event.data, "status": "deleted", "deleted_at": timezone.now().isoformat()}
    event.save(update_fields=["data"])
    return True
