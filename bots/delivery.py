"""Sending prepared outbound texts: re-checked by the compliance gate just before, sent through
the conversation's channel once per message (GHL for SMS), then marked sent or failed."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any, Protocol

from django.db.models import Q
from django.utils import timezone

from bots.enums import Channel, Direction, MessageStatus
from bots.models import Message
from bots.services import PENDING, message_confirm_sendable
from leads import services as lead_services
from leads.ghl.channel import GhlSmsChannel, SentText
from leads.ghl.exceptions import GhlApiError

log = logging.getLogger(__name__)


class TextChannel(Protocol):
    """What delivery needs of a channel (GhlSmsChannel has this shape)."""

    name: str

    def send(
        self,
        *,
        idempotency_key: str,
        contact_id: str,
        body: str,
        lead_id: Any = None,
        conversation_id: str = "",
        replay: dict[str, Any] | None = None,
    ) -> SentText: ...


def channel_for(channel: str) -> TextChannel | None:
    """The sending channel of a conversation channel, or None when none is built (email, web)."""
    return GhlSmsChannel() if channel == Channel.SMS and GhlSmsChannel.available() else None


def _fail(message: Message, flag: str) -> str:
    message.status = MessageStatus.FAILED
    message.compliance_flags = [*message.compliance_flags, flag]
    message.save(update_fields=["status", "compliance_flags"])
    log.warning("message %s not sent: %s", message.pk, flag)
    return MessageStatus.FAILED


def _mark_sent(message: Message, sent: SentText, channel: TextChannel) -> str:
    message.status = MessageStatus.SENT
    message.provider = channel.name
    if sent.message_id and not Message.objects.filter(external_id=sent.message_id).exists():
        message.external_id = sent.message_id
    message.save(update_fields=["status", "provider", "external_id"])
    conversation = message.conversation
    if sent.conversation_id and not conversation.ghl_conversation_id:
        conversation.ghl_conversation_id = sent.conversation_id
        conversation.save(update_fields=["ghl_conversation_id", "updated_at"])
    lead_services.lead_mark_contacted(lead=conversation.lead)
    return MessageStatus.SENT


def message_deliver(*, message_id: int, channel: TextChannel | None = None) -> str:
    """Send one queued or due outbound text; return its status afterwards.

    Sent once: the channel keys the send on the message id, so a retry after a crash or a
    timeout finds the earlier send instead of texting twice. A refusal by GHL marks the text
    failed (visible in the admin); a transient failure raises for the task to retry.
    """
    message = Message.objects.select_related("conversation__lead").filter(pk=message_id).first()
    if message is None or message.direction != Direction.OUTBOUND:
        return "missing"
    if not message_confirm_sendable(message=message):
        message.refresh_from_db(fields=["status"])
        return message.status
    channel = channel or channel_for(message.conversation.channel)
    if channel is None:
        return message.status  # stays queued: nothing can send it yet, nothing is lost
    lead = message.conversation.lead
    if not lead.ghl_contact_id:
        return _fail(message, "no_ghl_contact")
    try:
        sent = channel.send(
            idempotency_key=f"sms:{message.pk}",
            contact_id=lead.ghl_contact_id,
            body=message.body,
            lead_id=lead.pk,
            conversation_id=message.conversation.ghl_conversation_id,
            replay={"kind": "sms", "message_id": message.pk},
        )
    except GhlApiError as exc:
        return _fail(message, f"send_refused:{exc.http_status or ''}")
    return _mark_sent(message, sent, channel)


def message_requeue(*, message_id: int) -> bool:
    """Put a failed text back in the queue and send it (a broker's retry); False otherwise."""
    from bots.tasks import message_deliver_task

    updated = Message.objects.filter(
        pk=message_id, direction=Direction.OUTBOUND, status=MessageStatus.FAILED
    ).update(status=MessageStatus.QUEUED)
    pending = updated or Message.objects.filter(pk=message_id, status__in=PENDING).exists()
    if pending:
        message_deliver_task.apply_async(kwargs={"message_id": message_id})
    return bool(pending)


def replies_pending(*, inbound_message_id: int) -> list[int]:
    """Outbound texts prepared in the conversation since this inbound one, still to send."""
    inbound = Message.objects.filter(pk=inbound_message_id).first()
    if inbound is None:
        return []
    return list(
        Message.objects.filter(
            conversation_id=inbound.conversation_id,
            direction=Direction.OUTBOUND,
            status__in=PENDING,
            created_at__gte=inbound.created_at,
        )
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


def messages_due(*, stale_seconds: int = 120, limit: int = 500) -> list[int]:
    """Outbound texts whose time has come: scheduled ones past send_after, and queued ones
    waiting longer than `stale_seconds` (their task was lost or is retrying)."""
    now = timezone.now()
    stale = now - timedelta(seconds=stale_seconds)
    return list(
        Message.objects.filter(direction=Direction.OUTBOUND)
        .filter(
            Q(status=MessageStatus.SCHEDULED, send_after__lte=now)
            | Q(status=MessageStatus.QUEUED, created_at__lt=stale)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
