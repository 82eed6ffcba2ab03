"""Held texts and unclear opt-outs: the gate holds them, the queue decides, each decision is
recorded with who and when; channels of an opt-out are honoured as named."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bots import review, services
from bots.enums import ConversationState, DecisionKind, MessageStatus
from bots.models import BotDecision
from bots.tests.factories import ConversationFactory
from compliance import quiet_hours
from compliance.fair_housing import check_fair_housing
from compliance.models import ReviewItem
from enterprisehub.errors import ApplicationError
from leads import consent as lead_consent

pytestmark = pytest.mark.django_db
HELD = "Congrats on your pregnancy! Want to see the 4-bedroom?"  # the rules say REVIEW


@pytest.fixture(autouse=True)
def brokerage(settings):
    settings.BROKERAGE_NAME = "Lone Star Homes"
    settings.ANTHROPIC_API_KEY = ""  # the rules decide alone here (test_review covers the LLM)


@pytest.fixture
def conversation():
    conv = ConversationFactory()
    lead_consent.lead_consent_grant(lead=conv.lead, source="web_form", text_shown="I agree.")
    conv.lead.refresh_from_db()
    return conv


def open_now(conversation):
    return quiet_hours.next_send_time(conversation.lead.phone, timezone.now())


def bot_text(conversation, body=HELD):
    return services.message_prepare_outbound(
        conversation=conversation, body=body, now=open_now(conversation)
    )


def receive(conversation, body, external_id="ghl-in-1"):
    return services.message_receive_inbound(
        conversation=conversation, body=body, external_id=external_id
    )


def test_a_review_verdict_holds_the_message_and_opens_a_queue_item(conversation):
    message = bot_text(conversation)
    assert message.status == MessageStatus.HELD
    assert message.compliance_flags == ["fair_housing_review"]
    item = ReviewItem.objects.get()
    assert (item.kind, item.status, item.object_id, item.lead_id) == (
        "fair_housing",
        "pending",
        str(message.pk),
        conversation.lead_id,
    )
    assert (item.verdict, item.categories, item.reviewer) == (
        "review",
        ["familial_status"],
        "rules",
    )
    decision = BotDecision.objects.get(message=message)
    assert decision.kind == DecisionKind.GUARD
    assert decision.output["verdict"] == "review"
    assert services.message_confirm_sendable(message=message) is False  # never goes by itself


def test_approving_as_written_finishes_and_queues_it_and_records_who(conversation, broker):
    message = bot_text(conversation)
    approved = review.message_review_approve(
        message=message, by=broker, note="Just a congrats.", now=open_now(conversation)
    )
    assert approved.status == MessageStatus.QUEUED
    assert approved.body == f"Lone Star Homes: {HELD}"
    item = ReviewItem.objects.get()
    assert (item.status, item.decided_by, item.note) == ("approved", broker, "Just a congrats.")
    assert item.decided_at is not None
    with pytest.raises(ApplicationError) as exc:
        review.message_review_approve(message=approved, by=broker, now=open_now(conversation))
    assert exc.value.code == "NOT_HELD"


def test_an_edited_text_is_checked_again_before_it_goes(conversation, broker):
    message = bot_text(conversation)
    with pytest.raises(ApplicationError) as exc:
        review.message_review_approve(
            message=message, by=broker, body="Are you pregnant? The owner would rather not."
        )
    assert exc.value.code == "EDIT_STILL_FLAGGED"
    message.refresh_from_db()
    assert message.status == MessageStatus.HELD
    edited = review.message_review_approve(
        message=message,
        by=broker,
        body="Want to see the 4-bedroom on Saturday?",
        now=open_now(conversation),
    )
    assert (edited.status, edited.body) == (
        MessageStatus.QUEUED,
        "Lone Star Homes: Want to see the 4-bedroom on Saturday?",
    )
    item = ReviewItem.objects.get()
    assert (item.status, item.final_text) == ("edited", edited.body)


def test_rejecting_blocks_it_for_good(conversation, broker):
    message = bot_text(conversation)
    rejected = review.message_review_reject(message=message, by=broker, note="Not our tone.")
    assert rejected.status == MessageStatus.BLOCKED
    assert "rejected_in_review" in rejected.compliance_flags
    assert ReviewItem.objects.get().status == "rejected"
    with pytest.raises(ApplicationError):
        review.message_review_reject(message=rejected, by=broker)


def test_an_unclear_opt_out_pauses_automation_and_goes_to_a_person(conversation, broker):
    result = receive(conversation, "Enough already")
    assert result.intent == "unclear" and result.reply is None
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.PAUSED
    assert conversation.lead.sms_opted_out_at is None
    item = ReviewItem.objects.get(kind="opt_out")
    assert (item.status, item.rule_ids) == ("pending", ["bare_cessation"])
    blocked = bot_text(conversation, "Here are three new listings for you.")
    assert (blocked.status, blocked.compliance_flags) == (
        MessageStatus.BLOCKED,
        ["opt_out_unclear"],
    )
    person = services.message_send_manual(
        conversation=conversation, body="Sorry! Should I stop?", now=open_now(conversation)
    )
    assert person.status in (MessageStatus.QUEUED, MessageStatus.SCHEDULED)


def test_a_person_confirms_the_unclear_opt_out_and_it_is_honoured_once(conversation, broker):
    inbound = receive(conversation, "Enough already").message
    confirmation = review.opt_out_review_resolve(message=inbound, by=broker, opted_out=True)
    conversation.lead.refresh_from_db()
    assert conversation.lead.sms_opted_out_at is not None
    assert confirmation.compliance_flags[0] == "opt_out_confirmation"
    assert ReviewItem.objects.get().status == "opted_out"


def test_a_person_clears_the_unclear_opt_out_and_automation_may_resume(conversation, broker):
    inbound = receive(conversation, "Enough already").message
    assert review.opt_out_review_resolve(message=inbound, by=broker, opted_out=False) is None
    conversation.refresh_from_db()
    assert conversation.state == ConversationState.HANDED_OFF
    assert bot_text(conversation, "Want to tour it Saturday?").status != MessageStatus.BLOCKED


def test_an_email_only_unsubscribe_leaves_sms_consent_alone(conversation):
    result = receive(conversation, "Unsubscribe me from the newsletter, texts are fine")
    lead = conversation.lead
    lead.refresh_from_db()
    assert (result.intent, result.consent.channel, result.reply) == ("opt_out", "email", None)
    assert lead.email_unsubscribed_at is not None
    assert lead.sms_opted_out_at is None
    assert result.message.compliance_flags == ["opt_out", "channel:email"]


def test_an_opt_out_of_everything_stops_texts_and_email_with_one_confirmation(conversation):
    result = receive(conversation, "Take me off all your lists, texts and emails")
    lead = conversation.lead
    lead.refresh_from_db()
    assert (result.intent, result.consent.channel) == ("opt_out", "all")
    assert lead.email_unsubscribed_at is not None and lead.sms_opted_out_at is not None
    assert result.reply.compliance_flags[0] == "opt_out_confirmation"


def test_a_plain_language_revocation_is_honoured_at_once(conversation):
    result = receive(conversation, "Never text me again")
    conversation.lead.refresh_from_db()
    assert result.intent == "opt_out" and conversation.lead.sms_opted_out_at is not None


def test_a_look_alike_is_an_ordinary_message(conversation):
    result = receive(conversation, "I can stop by at 5, cancel my 3pm showing")
    assert (result.intent, result.reply) == ("none", None)
    assert not ReviewItem.objects.exists()


def test_the_rules_guard_can_be_injected_and_a_block_still_hands_off(conversation):
    now = quiet_hours.next_send_time(conversation.lead.phone, timezone.now())
    message = services.message_prepare_outbound(
        conversation=conversation,
        body="The owner won't rent to families with kids.",
        guard=check_fair_housing,
        now=now,
    )
    assert message.status == MessageStatus.BLOCKED
    assert not ReviewItem.objects.exists()
