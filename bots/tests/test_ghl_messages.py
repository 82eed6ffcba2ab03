"""GHL message events into conversations: inbound texts stored once and turned, keyword
replies prepared, a person replying in GHL takes over, our own sends are not mistaken for one."""

from __future__ import annotations

import pytest

from bots.enums import ConversationState, Direction, MessageStatus
from bots.models import Conversation, Message
from leads.enums import Control, EventKind
from leads.ghl.events import event_process
from leads.ghl.models import GhlWebhookEvent
from leads.models import Lead, LeadEvent
from leads.tests.ghl_fixtures import event, post_signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ghl_keys")]
CONTACT = "cI08i1Bls3iTB9bKgFJh"
CONVERSATION = "fcanlLgpbQgQhderivVs"


def inbound(body="Is the house on Oak still for sale?", **fields):
    values = {
        "contactId": CONTACT,
        "conversationId": CONVERSATION,
        "messageId": "msg-1",
        "body": body,
        "contentType": "text/plain",
        "messageType": "SMS",
        "direction": "inbound",
        "status": "delivered",
        "attachments": [],
        "dateAdded": "2026-12-03T15:31:45.750Z",
        **fields,
    }
    return event("InboundMessage", **values)


def deliver(client, payload, capture) -> GhlWebhookEvent:
    assert post_signed(client, payload).status_code == 200
    stored = GhlWebhookEvent.objects.get(webhook_id=payload["webhookId"])
    with capture(execute=True):
        event_process(event_id=stored.pk)
    stored.refresh_from_db()
    return stored


@pytest.fixture
def known_contact(db):
    from leads import consent
    from leads.tests.factories import LeadFactory

    lead = LeadFactory(ghl_contact_id=CONTACT, phone="+15125550142")
    consent.lead_consent_grant(lead=lead, source="web_form", text_shown="I agree to texts.")
    return lead


def test_inbound_text_is_stored_once_and_its_turn_queued(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    stored = deliver(client, inbound(), django_capture_on_commit_callbacks)

    message = Message.objects.get(direction=Direction.INBOUND)
    assert (message.body, message.external_id, message.status) == (
        "Is the house on Oak still for sale?",
        "msg-1",
        MessageStatus.RECEIVED,
    )
    conversation = message.conversation
    assert (conversation.lead_id, conversation.ghl_conversation_id) == (
        known_contact.pk,
        CONVERSATION,
    )
    assert (stored.status, stored.lead_id) == ("processed", known_contact.pk)
    assert ("bots.tasks.run_turn", {"message_id": message.pk}) in task_queue.tasks()


def test_the_same_message_under_a_new_webhook_id_is_not_stored_twice(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    deliver(client, inbound(), django_capture_on_commit_callbacks)
    deliver(client, inbound(), django_capture_on_commit_callbacks)  # new webhookId, same messageId

    assert Message.objects.filter(direction=Direction.INBOUND).count() == 1
    assert task_queue.names().count("bots.tasks.run_turn") == 1


def test_stop_opts_out_and_prepares_the_one_confirmation(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    deliver(client, inbound("STOP"), django_capture_on_commit_callbacks)

    known_contact.refresh_from_db()
    assert known_contact.sms_opted_out_at is not None
    reply = Message.objects.get(direction=Direction.OUTBOUND)
    assert reply.status == MessageStatus.QUEUED
    assert "opt_out_confirmation" in reply.compliance_flags


def test_unknown_contact_becomes_a_lead_filled_from_ghl(
    client, ghl_api, task_queue, django_capture_on_commit_callbacks
):
    contact = ghl_api.add_contact(
        firstName="Dana", lastName="Lopez", phone="+15125550177", email="dana@example.com"
    )

    deliver(client, inbound(contactId=contact["id"]), django_capture_on_commit_callbacks)

    lead = Lead.objects.get(ghl_contact_id=contact["id"])
    assert (lead.first_name, lead.phone, lead.source) == ("Dana", "+15125550177", "ghl_sms")
    assert [r.path for r in ghl_api.calls("GET", "/contacts/")] == [f"/contacts/{contact['id']}"]


def test_unknown_contact_when_ghl_does_not_answer_still_keeps_the_message(
    client, ghl_api, task_queue, django_capture_on_commit_callbacks
):
    ghl_api.fail("GET", "/contacts/", 503, times=5)

    stored = deliver(client, inbound(contactId="c-new"), django_capture_on_commit_callbacks)

    lead = Lead.objects.get(ghl_contact_id="c-new")
    assert lead.phone == ""
    assert Message.objects.get(direction=Direction.INBOUND).conversation.lead_id == lead.pk
    assert stored.status == "processed"


def test_a_person_replying_in_ghl_takes_over(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    deliver(client, inbound(), django_capture_on_commit_callbacks)
    human = event(
        "OutboundMessage",
        contactId=CONTACT,
        conversationId=CONVERSATION,
        messageId="msg-human-1",
        userId="user-agent-7",
        body="Hi, this is Maria from the office. Yes it is!",
        messageType="SMS",
        direction="outbound",
    )

    deliver(client, human, django_capture_on_commit_callbacks)

    conversation = Conversation.objects.get(ghl_conversation_id=CONVERSATION)
    assert conversation.state == ConversationState.HANDED_OFF
    known_contact.refresh_from_db()
    assert (known_contact.control, known_contact.control_reason) == (Control.HUMAN, "human_reply")
    assert LeadEvent.objects.get(lead=known_contact, kind=EventKind.HANDED_OFF).data == {
        "reason": "human_reply"
    }
    their_text = Message.objects.get(external_id="msg-human-1")
    assert (their_text.direction, their_text.status, their_text.provider) == (
        "outbound",
        "sent",
        "ghl_user",
    )


def test_our_own_send_echoed_back_is_not_a_takeover(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    deliver(client, inbound(), django_capture_on_commit_callbacks)
    conversation = Conversation.objects.get()
    Message.objects.create(
        conversation=conversation,
        direction=Direction.OUTBOUND,
        body="Yes, it is available.",
        status=MessageStatus.SENT,
        provider="ghl_sms",
        external_id="msg-ours",
    )
    echo = event(
        "OutboundMessage",
        contactId=CONTACT,
        conversationId=CONVERSATION,
        messageId="msg-ours",
        userId="user-api",
        body="Yes, it is available.",
        direction="outbound",
    )

    deliver(client, echo, django_capture_on_commit_callbacks)

    known_contact.refresh_from_db()
    conversation.refresh_from_db()
    assert (known_contact.control, conversation.state) == (Control.BOT, ConversationState.ACTIVE)


def test_an_automated_outbound_without_a_user_changes_nothing(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    workflow_send = event(
        "OutboundMessage",
        contactId=CONTACT,
        messageId="msg-wf",
        body="Reminder",
        direction="outbound",
    )

    stored = deliver(client, workflow_send, django_capture_on_commit_callbacks)

    known_contact.refresh_from_db()
    assert known_contact.control == Control.BOT
    assert Message.objects.count() == 0
    assert stored.status == "processed"


def test_a_call_is_noted_on_the_timeline_without_a_message(
    client, known_contact, task_queue, django_capture_on_commit_callbacks
):
    deliver(
        client,
        inbound(body="", messageType="Call", callDuration=42, callStatus="completed"),
        django_capture_on_commit_callbacks,
    )

    assert Message.objects.count() == 0
    contacted = LeadEvent.objects.get(lead=known_contact, kind=EventKind.CONTACTED)
    assert contacted.data == {"direction": "inbound", "type": "Call"}
