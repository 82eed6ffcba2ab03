"""Cross-app privacy workflows: a person's full export and erasure, and the retention purge.

bots sits above leads and billing, so it is the lowest app allowed to read a lead, its messages
and its payments together. `register()` (from BotsConfig.ready) hands these workflows to the
compliance app, which owns the request queue and the schedule but imports no other app.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from auditlog.context import disable_auditlog
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from billing.privacy import (
    commission_export_for_lead,
    payment_export_for_lead,
    payment_unlink_lead,
)
from bots.models import BotDecision, Conversation, Message
from compliance import dsr, retention
from leads.models import Lead
from leads.privacy import ERASED, audit_scrub, lead_erase, lead_export_data

ERASED_FLAG = "body_erased"
PURGED = "[purged]"
PURGED_FLAG = "body_purged"
BATCH = 500


def subject_export(*, lead_id: uuid.UUID | str) -> dict[str, Any]:
    """Everything held about the lead: record, events, consent, access, messages, payments."""
    data = lead_export_data(lead_id=lead_id)
    conversations = Conversation.objects.filter(lead_id=lead_id).prefetch_related("messages")
    data["conversations"] = [
        {
            "id": c.pk,
            "channel": c.channel,
            "bot": c.bot,
            "state": c.state,
            "summary": c.summary,
            "created_at": c.created_at,
            "messages": [
                {"direction": m.direction, "body": m.body, "status": m.status, "at": m.created_at}
                for m in c.messages.all()
            ],
        }
        for c in conversations.order_by("created_at")
    ]
    data["payments"] = payment_export_for_lead(lead_id=lead_id)
    data["commissions"] = commission_export_for_lead(lead_id=lead_id)
    return data


def _replace_bodies(messages: QuerySet[Message], *, text: str, flag: str) -> int:
    """Overwrite message bodies in batches, flagging each row so it is never redone."""
    done = 0
    pending = messages.exclude(compliance_flags__contains=[flag]).order_by("pk")
    while batch := list(pending[:BATCH]):
        for message in batch:
            message.compliance_flags = [*message.compliance_flags, flag]
        # Never bulk_update an encrypted field: fernet_fields would encrypt the CASE expression
        # itself. update() with one value encrypts that value properly.
        Message.objects.filter(pk__in=[m.pk for m in batch]).update(body=text)
        Message.objects.bulk_update(batch, ["compliance_flags"])
        BotDecision.objects.filter(message__in=batch).update(
            inputs_summary="", reasoning="", output={}
        )
        done += len(batch)
    return done


@transaction.atomic
def subject_erase(*, lead_id: uuid.UUID | str, actor: Any = None) -> dict[str, Any]:
    """Erase the person: message bodies, summaries, PII; payments kept but unlinked."""
    messages = Message.objects.filter(conversation__lead_id=lead_id)
    conversations = Conversation.objects.filter(lead_id=lead_id)
    with disable_auditlog():
        erased = _replace_bodies(messages, text=ERASED, flag=ERASED_FLAG)
        conversation_ids = list(conversations.values_list("pk", flat=True))
        conversations.update(summary="")
    audit_scrub(model=Conversation, object_pks=conversation_ids, fields=["summary"])
    unlinked = payment_unlink_lead(lead_id=lead_id)
    result = lead_erase(lead_id=lead_id, actor=actor)
    return {**result, "messages_erased": erased, "payments_unlinked": unlinked}


def messages_purge_inactive(*, cutoff: datetime) -> dict[str, int]:
    """Purge message bodies of leads with no activity since `cutoff`."""
    recent = Message.objects.filter(conversation__lead_id=OuterRef("pk"), created_at__gte=cutoff)
    inactive = Lead.objects.filter(updated_at__lt=cutoff).filter(
        Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=cutoff),
        ~Exists(recent),
    )
    messages = Message.objects.filter(conversation__lead__in=inactive.values("pk"))
    leads = (
        messages.exclude(compliance_flags__contains=[PURGED_FLAG])
        .values("conversation__lead_id")
        .distinct()
        .count()
    )
    with disable_auditlog(), transaction.atomic():
        purged = _replace_bodies(messages, text=PURGED, flag=PURGED_FLAG)
        summaries = (
            Conversation.objects.filter(lead__in=inactive.values("pk"))
            .exclude(summary="")
            .update(summary="")
        )
    return {"messages_purged": purged, "leads": leads, "summaries_purged": summaries}


def register() -> None:
    """Give compliance the workflows it schedules but may not import."""
    dsr.register_handlers(export=subject_export, erase=subject_erase)
    retention.register_purger(messages_purge_inactive)
    from bots import audit_checks  # noqa: F401  (registers the message and lead checks)
