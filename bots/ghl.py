"""GHL message events into conversations (registered with leads.ghl.events in BotsConfig.ready).

InboundMessage: the lead of the contact, its conversation, the message stored once through
message_receive_inbound (STOP/START/HELP apply there), then the turn after commit.
OutboundMessage by a person in GHL (a userId, and not one of our own sends): the person took
over, so the conversation is handed off and the lead's bots stop.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from bots.enums import BotKind, Channel, ConversationState, Direction, MessageStatus
from bots.models import Conversation, Message
from bots.services import message_receive_inbound
from leads import services as lead_services
from leads.enums import Control, EventKind, Source
from leads.ghl import contacts as ghl_contacts
from leads.ghl.events import EventContext, handler_register
from leads.ghl.replay import replayer_register
from leads.models import Lead

HUMAN_PROVIDER = "ghl_user"
OWN_SEND_WINDOW = timedelta(minutes=10)
_CHANNELS = {
    "sms": Channel.SMS,
    "type_sms": Channel.SMS,
    "rcs": Channel.SMS,
    "email": Channel.EMAIL,
    "type_email": Channel.EMAIL,
    "live chat": Channel.WEB,
    "live_chat": Channel.WEB,
    "type_live_chat": Channel.WEB,
}


def _channel(payload: dict[str, Any]) -> str | None:
    """Our channel for GHL's messageType; None for calls and voicemails (no text to store)."""
    return _CHANNELS.get(str(payload.get("messageType") or "SMS").strip().lower())


def conversation_for_ghl(*, lead: Lead, channel: str, ghl_conversation_id: str) -> Conversation:
    """The lead's conversation on this channel (GHL's id first), created when there is none."""
    if ghl_conversation_id:
        found = Conversation.objects.filter(
            ghl_conversation_id=ghl_conversation_id, lead=lead
        ).first()
        if found is not None:
            return found
    conversation = (
        Conversation.objects.filter(lead=lead, channel=channel)
        .exclude(state=ConversationState.CLOSED)
        .order_by("-created_at")
        .first()
    )
    if conversation is None:
        conversation = Conversation.objects.create(lead=lead, channel=channel, bot=BotKind.LEAD)
    if ghl_conversation_id and conversation.ghl_conversation_id != ghl_conversation_id:
        conversation.ghl_conversation_id = ghl_conversation_id[:64]
        conversation.save(update_fields=["ghl_conversation_id", "updated_at"])
    return conversation


def inbound_message(ctx: EventContext) -> Lead | None:
    """A text from the lead: store it once and start the turn after commit."""
    payload = ctx.payload
    if str(payload.get("direction") or "inbound").lower() == "outbound":
        return outbound_message(ctx)  # GHL's docs label some outbound events InboundMessage
    if not ctx.contact_id:
        return None
    lead = ghl_contacts.lead_for_ghl_contact(contact_id=ctx.contact_id, source=Source.GHL_SMS)
    channel = _channel(payload)
    if channel is None:
        kind = str(payload.get("messageType") or "")[:20]
        lead_services.lead_event_record(
            lead_id=lead.pk, kind=EventKind.CONTACTED, data={"direction": "inbound", "type": kind}
        )
        return lead
    conversation = conversation_for_ghl(
        lead=lead, channel=channel, ghl_conversation_id=str(payload.get("conversationId") or "")
    )
    body = str(payload.get("body") or "")
    if not body.strip() and payload.get("attachments"):
        body = "(attachment)"
    result = message_receive_inbound(
        conversation=conversation,
        body=body,
        external_id=str(payload.get("messageId") or f"ghl-webhook:{ctx.event.webhook_id}"),
        provider="ghl",
    )
    if result.created:
        from bots.tasks import run_turn

        message_id = result.message.pk
        transaction.on_commit(lambda: run_turn.apply_async(kwargs={"message_id": message_id}))
    return lead


def _our_send(conversation: Conversation, message_id: str, body: str) -> bool:
    """True when GHL is telling us about a text we sent (by id, or in flight by wording)."""
    if message_id and Message.objects.filter(external_id=message_id).exists():
        return True
    recent = Message.objects.filter(
        conversation=conversation,
        direction=Direction.OUTBOUND,
        external_id__isnull=True,
        created_at__gte=timezone.now() - OWN_SEND_WINDOW,
    ).exclude(provider=HUMAN_PROVIDER)
    return any(m.body.strip() == body.strip() for m in recent)


def outbound_message(ctx: EventContext) -> Lead | None:
    """A text sent from GHL: by a person (userId), the bots stop on that conversation."""
    payload = ctx.payload
    message_id = str(payload.get("messageId") or "")
    if not payload.get("userId") or not ctx.contact_id:
        return None  # a workflow or API send, not a person taking over
    if message_id and Message.objects.filter(external_id=message_id).exists():
        return None
    lead = ghl_contacts.lead_for_ghl_contact(contact_id=ctx.contact_id, source=Source.GHL_SMS)
    conversation = conversation_for_ghl(
        lead=lead,
        channel=_channel(payload) or Channel.SMS,
        ghl_conversation_id=str(payload.get("conversationId") or ""),
    )
    body = str(payload.get("body") or "")
    if _our_send(conversation, message_id, body):
        return lead
    Message.objects.create(
        conversation=conversation,
        direction=Direction.OUTBOUND,
        body=body,
        status=MessageStatus.SENT,
        provider=HUMAN_PROVIDER,
        external_id=message_id or None,
        compliance_flags=["sent_by_person_in_ghl"],
    )
    if conversation.state != ConversationState.HANDED_OFF:
        conversation.state = ConversationState.HANDED_OFF
        conversation.save(update_fields=["state", "updated_at"])
    lead, _ = lead_services.lead_control_set(lead=lead, control=Control.HUMAN, reason="human_reply")
    return lead


def register() -> None:
    """Give leads' GHL event processing the message handlers it may not import."""
    from bots.delivery import message_requeue

    handler_register("InboundMessage", inbound_message)
    handler_register("OutboundMessage", outbound_message)
    replayer_register("sms", lambda replay: message_requeue(message_id=replay["message_id"]))
