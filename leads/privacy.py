"""A lead's side of data-subject requests: export what leads holds about a person, erase it.

Erasure keeps the lead row (stage, score, intent, dates) so funnel numbers stay right, but
blanks every identifying field, scrubs free text from its events and audit history, and
deletes the GHL contact (a task, recorded first as a pending request the beat replays).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from compliance import dsr
from enterprisehub.errors import NotFoundError
from leads.enums import EventKind
from leads.ghl import sync as ghl_sync
from leads.models import Lead, LeadEvent

ERASED = "[erased]"
# Blanked on erasure; the hashes go too so the person can no longer be found by phone/email.
PII_FIELDS = ("first_name", "last_name", "phone", "email", "phone_hash", "email_hash", "motivation")
AUDIT_PII_FIELDS = (*PII_FIELDS, "score_reasons", "ghl_contact_id", "ghl_tags")
NOT_EXPORTED = {"phone_hash", "email_hash"}
# Event values that are enum-like tokens (stage names, sources) are kept; free text is not.
_TOKEN = re.compile(r"^[a-z0-9_\-]{0,40}$")


def _lead(lead_id: uuid.UUID | str) -> Lead:
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None:
        raise NotFoundError("No such lead.")
    return lead


def lead_export_data(*, lead_id: uuid.UUID | str) -> dict[str, Any]:
    """Everything the leads and compliance apps hold about one lead (PII decrypted)."""
    lead = _lead(lead_id)
    fields = {
        f.attname: getattr(lead, f.attname)
        for f in Lead._meta.concrete_fields
        if f.name not in NOT_EXPORTED
    }
    events = [
        {"kind": e.kind, "data": e.data, "actor_id": e.actor_id, "at": e.at}
        for e in LeadEvent.objects.filter(lead=lead).order_by("at", "pk")
    ]
    return {
        "lead": fields,
        "events": events,
        "consent": dsr.consent_export(lead_id=lead.pk),
        "access_log": dsr.access_log_export(lead_id=lead.pk),
        "requests": [
            {"id": r.pk, "kind": r.kind, "status": r.status, "received_at": r.received_at}
            for r in dsr.dsr_for_lead(lead_id=lead.pk)
        ],
    }


def scrub_value(value: Any) -> Any:
    """Keep numbers, booleans and short enum-like tokens; replace free text with [erased]."""
    if isinstance(value, dict):
        return {key: scrub_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_value(item) for item in value]
    if isinstance(value, str) and not _TOKEN.match(value):
        return ERASED
    return value


def audit_scrub(*, model: type[models.Model], object_pks: Iterable[Any], fields: Iterable[str]):
    """Mask `fields` (and the object's name) in the audit history of these objects."""
    pks = [str(pk) for pk in object_pks]
    names = set(fields)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_pk__in=pks
    )
    for entry in entries:
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        for name in names & set(changes):
            changes[name] = [ERASED, ERASED]
        entry.changes = changes
        entry.changes_text = ""
        entry.object_repr = ERASED
        entry.serialized_data = None
        entry.save(update_fields=["changes", "changes_text", "object_repr", "serialized_data"])
    return len(pks)


def _scrub_events(lead: Lead) -> int:
    events = list(LeadEvent.objects.filter(lead=lead))
    for event in events:
        event.data = scrub_value(event.data)
    LeadEvent.objects.bulk_update(events, ["data"])
    return len(events)


@transaction.atomic
def lead_erase(*, lead_id: uuid.UUID | str, actor: Any = None) -> dict[str, Any]:
    """Anonymise the lead in place; ask GHL to delete the contact; return what was done."""
    lead = Lead.objects.select_for_update().filter(pk=lead_id).first()
    if lead is None:
        raise NotFoundError("No such lead.")
    contact_id = lead.ghl_contact_id
    with disable_auditlog():  # the change itself would copy the old name into the audit log
        for name in PII_FIELDS:
            setattr(lead, name, "")
        lead.ghl_contact_id = None
        lead.ghl_tags = []
        lead.score_reasons = [
            {**reason, "evidence": ERASED} if isinstance(reason, dict) else ERASED
            for reason in lead.score_reasons
        ]
        lead.save(
            update_fields=[*PII_FIELDS, "ghl_contact_id", "ghl_tags", "score_reasons", "updated_at"]
        )
    events = _scrub_events(lead)
    audit_scrub(model=Lead, object_pks=[lead.pk], fields=AUDIT_PII_FIELDS)
    LeadEvent.objects.create(
        lead=lead, kind=EventKind.NOTE, data={"erased": True}, actor=_user_or_none(actor)
    )
    if contact_id:
        # Recorded first (the database is the record), then deleted in GHL by a task; the beat
        # replays any deletion still pending.
        request = LeadEvent.objects.create(
            lead=lead,
            kind=EventKind.NOTE,
            data={"ghl_delete_requested": contact_id, "status": "pending"},
            actor=_user_or_none(actor),
        )
        ghl_sync.contact_delete_schedule(event_id=request.pk)
    return {"lead_erased": 1, "events_scrubbed": events, "ghl_delete_requested": bool(contact_id)}


def ghl_delete_pending() -> list[dict[str, Any]]:
    """GHL contact deletions still waiting to be sent (lead id, contact id, requested at)."""
    rows = ghl_sync.contact_delete_pending()
    return [
        {"lead_id": e.lead_id, "contact_id": e.data["ghl_delete_requested"], "at": e.at}
        for e in rows
    ]


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
