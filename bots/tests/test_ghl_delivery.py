"""Prepared texts out through GHL (a fake GHL API over HTTP): sent once, whatever happens —
a timeout after the request left, a 5xx, a worker that died mid-call — refused ones failed and
retriable, opted-out ones never sent."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bots import delivery, services
from bots.enums import MessageStatus
from bots.models import Message
from bots.tasks import run_turn
from bots.tests.factories import ConversationFactory
from compliance.fair_housing import check_fair_housing
from leads import consent
from leads.ghl.exceptions import GhlAmbiguousSendError, GhlTransientError
from leads.ghl.models import GhlSyncLog
from leads.ghl.replay import sync_log_retry

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation(ghl_api):
    contact = ghl_api.add_contact(firstName="Ana", phone="+15125550142")
    conv = ConversationFactory(lead__ghl_contact_id=contact["id"], lead__phone="+15125550142")
    consent.lead_consent_grant(lead=conv.lead, source="web_form", text_shown="I agree.")
    conv.lead.refresh_from_db()
    return conv


def help_reply(conversation) -> Message:
    """Text HELP in, which prepares the HELP reply (sent at any hour)."""
    result = services.message_receive_inbound(
        conversation=conversation, body="HELP", external_id="in-1", guard=check_fair_housing
    )
    assert result.reply is not None and result.reply.status == MessageStatus.QUEUED
    return result.reply


def test_run_turn_sends_the_prepared_reply_through_ghl(conversation, ghl_api):
    reply = help_reply(conversation)

    assert run_turn.run(message_id=Message.objects.get(external_id="in-1").pk) == ["sent"]

    reply.refresh_from_db()
    texts = ghl_api.texts_to(conversation.lead.ghl_contact_id)
    assert [t["body"] for t in texts] == [reply.body]
    assert (reply.status, reply.external_id, reply.provider) == ("sent", texts[0]["id"], "ghl_sms")
    conversation.refresh_from_db()
    assert conversation.ghl_conversation_id == texts[0]["conversationId"]
    sent = ghl_api.calls("POST", "/conversations/messages")[0]
    assert sent.body == {
        "type": "SMS",
        "contactId": conversation.lead.ghl_contact_id,
        "message": reply.body,
    }
    assert sent.headers["Version"] == "2021-04-15"


def test_a_timeout_after_the_request_left_never_sends_twice(conversation, ghl_api, settings):
    settings.GHL_TIMEOUT_SECONDS = 0.3
    ghl_api.delay("POST", "/conversations/messages", 1.0)  # GHL takes it, answers too late
    reply = help_reply(conversation)

    with pytest.raises(GhlAmbiguousSendError):
        delivery.message_deliver(message_id=reply.pk)
    reply.refresh_from_db()
    assert reply.status == MessageStatus.QUEUED
    assert GhlSyncLog.objects.get(operation="sms_send").status == "ambiguous"

    assert delivery.message_deliver(message_id=reply.pk) == "sent"

    assert len(ghl_api.calls("POST", "/conversations/messages")) == 1
    texts = ghl_api.texts_to(conversation.lead.ghl_contact_id)
    assert len(texts) == 1
    reply.refresh_from_db()
    assert (reply.status, reply.external_id) == ("sent", texts[0]["id"])
    assert delivery.message_deliver(message_id=reply.pk) == "sent"  # and again: nothing
    assert len(ghl_api.calls("POST", "/conversations/messages")) == 1


def test_a_5xx_on_a_send_is_checked_then_sent_once(conversation, ghl_api):
    ghl_api.fail("POST", "/conversations/messages", 502)  # refused before GHL stored it
    reply = help_reply(conversation)

    with pytest.raises(GhlAmbiguousSendError):
        delivery.message_deliver(message_id=reply.pk)
    assert delivery.message_deliver(message_id=reply.pk) == "sent"

    assert len(ghl_api.calls("POST", "/conversations/messages")) == 2
    assert len(ghl_api.texts_to(conversation.lead.ghl_contact_id)) == 1


def test_a_worker_killed_mid_send_is_checked_before_resending(conversation, ghl_api):
    reply = help_reply(conversation)
    contact_id = conversation.lead.ghl_contact_id
    ghl_api.send({"type": "SMS", "contactId": contact_id, "message": reply.body})
    GhlSyncLog.objects.create(
        operation="sms_send",
        status="started",
        idempotency_key=f"sms:{reply.pk}",
        contact_id=contact_id,
    )  # what a worker killed after the POST left behind

    assert delivery.message_deliver(message_id=reply.pk) == "sent"

    assert ghl_api.calls("POST", "/conversations/messages") == []
    assert len(ghl_api.texts_to(contact_id)) == 1


def test_when_the_check_itself_fails_nothing_is_sent(conversation, ghl_api):
    reply = help_reply(conversation)
    GhlSyncLog.objects.create(
        operation="sms_send", status="ambiguous", idempotency_key=f"sms:{reply.pk}"
    )
    ghl_api.fail("GET", "/conversations/search", 503, times=3)

    with pytest.raises(GhlTransientError):
        delivery.message_deliver(message_id=reply.pk)

    assert ghl_api.calls("POST", "/conversations/messages") == []


def test_a_refused_text_is_failed_and_a_broker_can_retry_it(conversation, ghl_api, task_queue):
    ghl_api.fail("POST", "/conversations/messages", 422, body={"statusCode": 422, "message": "bad"})
    reply = help_reply(conversation)

    assert delivery.message_deliver(message_id=reply.pk) == "failed"
    reply.refresh_from_db()
    assert "send_refused:422" in reply.compliance_flags
    row = GhlSyncLog.objects.get(operation="sms_send")
    assert (row.status, row.http_status, row.replay) == (
        "failed",
        422,
        {"kind": "sms", "message_id": reply.pk},
    )

    assert sync_log_retry(rows=[row]) == (1, 0)
    reply.refresh_from_db()
    assert reply.status == MessageStatus.QUEUED
    assert task_queue.tasks() == [("bots.tasks.message_deliver_task", {"message_id": reply.pk})]


def test_an_opted_out_lead_is_never_texted(conversation, ghl_api):
    reply = help_reply(conversation)
    consent.lead_opt_out(lead=conversation.lead, source="sms_keyword")

    assert delivery.message_deliver(message_id=reply.pk) == MessageStatus.BLOCKED
    assert ghl_api.calls("POST", "/conversations/messages") == []


def test_a_help_reply_goes_out_at_night_other_texts_wait(conversation, ghl_api):
    night = datetime(2026, 12, 2, 23, 30, tzinfo=ZoneInfo("America/Chicago"))
    help_text = help_reply(conversation)
    other = Message.objects.create(
        conversation=conversation, direction="outbound", body="Lone Star: tour tomorrow?"
    )

    assert services.message_confirm_sendable(message=help_text, now=night) is True
    assert services.message_confirm_sendable(message=other, now=night) is False
    other.refresh_from_db()
    assert (other.status, other.send_after.astimezone(night.tzinfo).hour) == ("scheduled", 9)


def test_a_lead_without_a_ghl_contact_is_marked_failed(ghl_api):
    conversation = ConversationFactory()
    reply = help_reply(conversation)

    assert delivery.message_deliver(message_id=reply.pk) == "failed"
    reply.refresh_from_db()
    assert "no_ghl_contact" in reply.compliance_flags


def test_due_texts_are_found_by_the_beat(conversation, ghl_api):
    reply = help_reply(conversation)
    Message.objects.filter(pk=reply.pk).update(created_at=reply.created_at - timedelta(minutes=5))

    assert delivery.messages_due() == [reply.pk]


def test_a_send_ghl_accepted_is_never_repeated_even_without_its_id(conversation, ghl_api):
    """Killed after GHL's 201 was logged but before its message id was stamped."""
    reply = help_reply(conversation)
    GhlSyncLog.objects.create(
        operation="sms_send", status="ok", http_status=201, idempotency_key=f"sms:{reply.pk}"
    )

    assert delivery.message_deliver(message_id=reply.pk) == "sent"

    assert ghl_api.calls("POST", "/conversations/messages") == []
