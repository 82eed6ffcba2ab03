"""Inbound STOP/START/HELP handling, idempotency, and the outbound compliance gate on messages."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bots import services
from bots.enums import ConversationState, DecisionKind, Direction, MessageStatus
from bots.models import BotDecision, Message
from bots.tests.factories import ConversationFactory
from compliance import quiet_hours
from compliance.fair_housing import check_fair_housing
from compliance.models import ConsentRecord, Finding, TrecNoticeDelivery
from enterprisehub.errors import ApplicationError
from leads import consent as lead_consent
from leads.enums import EventKind
from leads.models import LeadEvent

pytestmark = pytest.mark.django_db
CHI = ZoneInfo("America/Chicago")


# The real Fair Housing guard, passed the way callers may pass it.
guard = check_fair_housing


@pytest.fixture(autouse=True)
def brokerage(settings):
    settings.BROKERAGE_NAME = "Lone Star Homes"


@pytest.fixture
def conversation():
    conv = ConversationFactory()
    lead_consent.lead_consent_grant(lead=conv.lead, source="web_form", text_shown="I agree.")
    conv.lead.refresh_from_db()
    return conv


def open_now(phone: str) -> datetime:
    """A moment inside the lead's send window, within a day of the real clock."""
    return quiet_hours.next_send_time(phone, timezone.now())


def night(phone: str) -> datetime:
    day = timezone.now().astimezone(CHI).date()
    return datetime.combine(day, time(23, 0), tzinfo=CHI)


def send(conversation, body="Want to tour it Saturday?", **kwargs):
    kwargs.setdefault("now", open_now(conversation.lead.phone))
    return services.message_prepare_outbound(
        conversation=conversation, body=body, guard=guard, **kwargs
    )


def receive(conversation, body, external_id):
    return services.message_receive_inbound(
        conversation=conversation, body=body, external_id=external_id, guard=guard
    )


def test_inbound_is_stored_once_per_external_id(conversation):
    first = receive(conversation, "Is it still available?", "ghl-1")
    again = receive(conversation, "Is it still available?", "ghl-1")
    assert (first.created, again.created) == (True, False)
    assert again.message.pk == first.message.pk
    assert Message.objects.filter(direction=Direction.INBOUND).count() == 1
    assert first.message.body == "Is it still available?"
    assert first.intent == "none"


def test_stop_opts_out_and_sends_exactly_one_confirmation(conversation):
    result = receive(conversation, "STOP", "ghl-1")
    conversation.lead.refresh_from_db()
    assert result.intent == "opt_out"
    assert conversation.lead.sms_opted_out_at is not None
    assert result.reply.status == MessageStatus.QUEUED
    assert result.reply.body == (
        "Lone Star Homes: you are unsubscribed and will get no more texts from us. "
        "Reply START to resume."
    )
    assert ConsentRecord.objects.get(lead_id=conversation.lead_id, action="revoked").evidence == (
        "STOP"
    )
    second = receive(conversation, "stop texting me", "ghl-2")
    assert second.reply is None
    assert Message.objects.filter(direction=Direction.OUTBOUND).count() == 1
    assert LeadEvent.objects.filter(lead=conversation.lead, kind=EventKind.OPTED_OUT).count() == 1


def test_redelivered_stop_webhook_does_not_confirm_twice(conversation):
    receive(conversation, "STOP", "ghl-1")
    receive(conversation, "STOP", "ghl-1")
    assert Message.objects.filter(direction=Direction.OUTBOUND).count() == 1


def test_after_opt_out_every_outbound_path_is_blocked(conversation, broker):
    receive(conversation, "Please stop texting me", "ghl-1")
    bot = send(conversation)
    marketing = send(conversation, purpose="marketing")
    manual = services.message_send_manual(
        conversation=conversation,
        body="Hi, it's Ana",
        guard=guard,
        now=open_now(conversation.lead.phone),
    )
    for message in (bot, marketing, manual):
        assert message.status == MessageStatus.BLOCKED
        assert message.compliance_flags == ["opted_out"]
    assert manual.provider == "manual"


def test_pending_texts_are_blocked_by_a_later_stop(conversation):
    scheduled = send(conversation, now=night(conversation.lead.phone))
    assert scheduled.status == MessageStatus.SCHEDULED
    receive(conversation, "STOP", "ghl-1")
    scheduled.refresh_from_db()
    assert scheduled.status == MessageStatus.BLOCKED
    assert scheduled.compliance_flags[-1] == "opted_out"


def test_confirm_sendable_blocks_after_an_opt_out_from_elsewhere(conversation):
    queued = send(conversation)
    assert services.message_confirm_sendable(message=queued, now=open_now(conversation.lead.phone))
    lead_consent.lead_opt_out(lead=conversation.lead, source="ghl_dnd")
    assert not services.message_confirm_sendable(message=queued)
    queued.refresh_from_db()
    assert queued.status == MessageStatus.BLOCKED


def test_confirm_sendable_holds_a_scheduled_text_until_its_time(conversation):
    scheduled = send(conversation, now=night(conversation.lead.phone))
    assert not services.message_confirm_sendable(
        message=scheduled, now=scheduled.send_after - timedelta(minutes=1)
    )
    assert services.message_confirm_sendable(message=scheduled, now=scheduled.send_after)


def test_confirm_sendable_reschedules_a_stale_text_into_the_window(conversation):
    queued = send(conversation)
    late = night(conversation.lead.phone)
    assert not services.message_confirm_sendable(message=queued, now=late)
    queued.refresh_from_db()
    assert queued.status == MessageStatus.SCHEDULED
    assert queued.send_after == quiet_hours.next_send_time(conversation.lead.phone, late)


def test_start_opts_back_in_with_a_confirmation(conversation):
    receive(conversation, "STOP", "ghl-1")
    result = receive(conversation, "START", "ghl-2")
    conversation.lead.refresh_from_db()
    assert result.intent == "start"
    assert conversation.lead.sms_opted_out_at is None
    assert result.reply.status == MessageStatus.QUEUED
    assert result.reply.body.startswith("Lone Star Homes: you are subscribed to texts again.")
    assert send(conversation).status == MessageStatus.QUEUED


def test_help_is_answered_with_brokerage_and_opt_out_instructions(conversation):
    result = receive(conversation, "HELP", "ghl-1")
    assert result.intent == "help"
    assert result.reply.status == MessageStatus.QUEUED
    assert "Lone Star Homes" in result.reply.body
    assert "Reply STOP to opt out." in result.reply.body


def test_first_bot_text_discloses_ai_and_later_ones_do_not(conversation):
    first = send(conversation, "Saw you asked about Mueller. Want a tour?")
    second = send(conversation, "I can do 10am or 2pm.")
    assert first.body == (
        "Hi, this is the AI assistant for Lone Star Homes. Saw you asked about Mueller. "
        "Want a tour?"
    )
    assert first.compliance_flags == ["ai_disclosed"]
    assert second.body == "Lone Star Homes: I can do 10am or 2pm."
    assert second.compliance_flags == ["brokerage_name_added"]


def test_manual_first_text_names_brokerage_without_ai_disclosure(conversation, broker):
    message = services.message_send_manual(
        conversation=conversation,
        body="Hi, it's Ana.",
        guard=guard,
        now=open_now(conversation.lead.phone),
    )
    assert message.body == "Lone Star Homes: Hi, it's Ana."
    assert message.status == MessageStatus.QUEUED


def test_bot_answers_are_you_a_bot_with_a_disclosure(conversation):
    send(conversation, "Hello!")
    receive(conversation, "wait, are you a bot?", "ghl-1")
    reply = send(conversation, "Happy to help you find a home.")
    assert reply.body.startswith("I'm an AI assistant for Lone Star Homes, not a person")
    assert "ai_disclosed" in reply.compliance_flags


def test_text_at_night_is_scheduled_for_the_next_opening(conversation):
    moment = night(conversation.lead.phone)
    message = send(conversation, now=moment)
    assert message.status == MessageStatus.SCHEDULED
    assert message.send_after == quiet_hours.next_send_time(conversation.lead.phone, moment)
    assert message.send_after > moment
    assert "quiet_hours" in message.compliance_flags


def test_fair_housing_violation_blocks_records_finding_and_hands_off(conversation):
    message = send(conversation, "Great street, no kids around here")
    conversation.refresh_from_db()
    finding = Finding.objects.get()
    decision = BotDecision.objects.get(message=message)
    assert message.status == MessageStatus.BLOCKED
    assert message.compliance_flags == ["fair_housing"]
    assert (finding.rule, finding.severity, finding.lead_id) == (
        "fair_housing",
        "critical",
        conversation.lead_id,
    )
    assert finding.object_id == str(message.pk)
    assert finding.detail["categories"] == ["familial_status"]
    assert decision.kind == DecisionKind.GUARD
    assert conversation.state == ConversationState.HANDED_OFF
    assert LeadEvent.objects.filter(lead=conversation.lead, kind=EventKind.HANDED_OFF).exists()


def test_marketing_without_consent_is_blocked_but_a_reply_to_the_lead_is_not():
    conversation = ConversationFactory()  # no consent on file
    assert send(conversation, purpose="marketing").compliance_flags == ["no_consent"]
    receive(conversation, "Hi, is 12 Oak Ln still for sale?", "ghl-1")
    assert send(conversation, "Yes it is!").status == MessageStatus.QUEUED


def test_first_property_specific_text_emails_the_iabs_once(
    conversation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(conversation, "Want to tour 1204 W 6th St on Friday?")
    delivery = TrecNoticeDelivery.objects.get(lead_id=conversation.lead_id)
    assert "iabs_due" in message.compliance_flags
    assert (delivery.notice, delivery.method) == ("iabs", "email_link")
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [conversation.lead.email]
    assert "Texas Real Estate Commission Information About Brokerage Services" in (
        mailoutbox[0].body
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = send(conversation, "Want to tour 1204 W 6th St on Friday?")
    assert "iabs_due" not in again.compliance_flags
    assert len(mailoutbox) == 1


def test_general_texts_do_not_trigger_the_iabs(conversation, mailoutbox):
    message = send(conversation, "What neighborhoods do you like?")
    assert "iabs_due" not in message.compliance_flags
    assert mailoutbox == []


def test_help_after_opt_out_is_not_answered_by_text(conversation):
    receive(conversation, "STOP", "ghl-1")
    result = receive(conversation, "HELP", "ghl-2")
    assert result.reply.status == MessageStatus.BLOCKED
    assert result.reply.compliance_flags == ["opted_out"]


def test_inbound_without_provider_id_is_refused(conversation):
    with pytest.raises(ApplicationError) as err:
        receive(conversation, "STOP", "  ")
    assert err.value.code == "EXTERNAL_ID_REQUIRED"
    assert Message.objects.count() == 0


def test_default_gate_blocks_steering_records_a_finding_and_hands_off(conversation):
    """No guard passed: the production wiring (compliance.fair_housing) decides."""
    message = services.message_prepare_outbound(
        conversation=conversation,
        body="Honestly you'd fit in better in Round Rock, people like you love it there.",
        now=open_now(conversation.lead.phone),
    )

    conversation.refresh_from_db()
    finding = Finding.objects.get(lead_id=conversation.lead_id)
    assert message.status == MessageStatus.BLOCKED
    assert conversation.state == ConversationState.HANDED_OFF
    assert (finding.rule, finding.severity) == ("fair_housing", "critical")
    assert "steering" in finding.detail["categories"]
    assert LeadEvent.objects.filter(lead=conversation.lead, kind=EventKind.HANDED_OFF).exists()


def test_default_gate_lets_ordinary_listing_language_through(conversation):
    message = services.message_prepare_outbound(
        conversation=conversation,
        body="The family room opens to a quiet street, walking distance to the park.",
        now=open_now(conversation.lead.phone),
    )

    assert message.status == MessageStatus.QUEUED
    assert "Lone Star Homes" in message.body
    assert not Finding.objects.exists()
