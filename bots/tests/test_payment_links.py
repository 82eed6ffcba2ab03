"""Texting a consultation payment link: billing opens the Stripe page, bots sends the text
through the outbound gate; a blocked text withdraws the link; revenue carries the variant."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from billing import services as billing_services
from billing.exceptions import PaymentLinkNotSentError
from bots import services
from bots.enums import MessageStatus
from bots.tests.factories import ConversationFactory, MessageFactory
from leads import consent as lead_consent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
TUESDAY_AFTERNOON = datetime(2026, 12, 1, 14, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def afternoon():
    with time_machine.travel(TUESDAY_AFTERNOON, tick=True):
        yield


@pytest.fixture
def consenting_lead():
    lead = LeadFactory(first_name="Dana")
    lead_consent.lead_consent_grant(lead=lead, source="web_form", text_shown="I agree.")
    lead.refresh_from_db()
    return lead


def test_the_link_is_texted_through_the_gate(fake_stripe, product, consenting_lead, broker):
    conversation = ConversationFactory(lead=consenting_lead, variant="B")

    result = services.message_send_payment_link(
        lead_id=consenting_lead.pk, product_id=product.pk, actor=broker
    )

    assert result.sent and result.message.status == MessageStatus.QUEUED
    assert result.message.conversation == conversation
    assert result.payment.checkout_url in result.message.body
    assert "Dana, here is the secure Stripe page to pay for your Seller pricing consultation" in (
        result.message.body
    )
    assert result.message.provider == "manual"
    assert (result.payment.channel, result.payment.attributed_variant) == ("sms", "B")


def test_a_blocked_text_withdraws_the_link_at_stripe(fake_stripe, product):
    lead = LeadFactory()  # no consent, never texted us: marketing texts are blocked

    result = services.message_send_payment_link(lead_id=lead.pk, product_id=product.pk)

    assert not result.sent and "no_consent" in result.message.compliance_flags
    session_id = result.payment.checkout_session_id
    assert ("POST", f"/v1/checkout/sessions/{session_id}/expire") in {
        (r["method"], r["path"]) for r in fake_stripe.requests
    }
    assert result.payment.status == "expired"
    assert result.payment.failure_message == "text blocked: no_consent"


def test_an_opted_out_lead_is_refused_before_stripe(fake_stripe, product, consenting_lead):
    lead_consent.lead_opt_out(lead=consenting_lead, source="sms_keyword", evidence="STOP")

    with pytest.raises(PaymentLinkNotSentError):
        services.message_send_payment_link(lead_id=consenting_lead.pk, product_id=product.pk)
    assert fake_stripe.requests == []


def test_the_lead_page_action_texts_the_link(client, broker, fake_stripe, product, consenting_lead):
    MessageFactory(conversation=ConversationFactory(lead=consenting_lead))  # the lead texted us
    url = reverse("admin:leads_lead_change", args=[consenting_lead.pk])
    chosen = {
        "CHANGE_FORM-action": "send_payment_link",
        "_selected_action": str(consenting_lead.pk),
    }
    client.force_login(broker)

    form_page = client.post(url, chosen)
    done = client.post(
        url, {**chosen, "apply": "1", "product": product.pk, "channel": "sms"}, follow=True
    )

    assert "Seller pricing consultation" in form_page.content.decode()
    assert "Payment link for Seller pricing consultation texted to Dana" in done.content.decode()
    assert consenting_lead.payments.get().channel == "sms"


def test_the_lead_page_action_reports_a_stripe_error(
    client, broker, fake_stripe, product, consenting_lead
):
    fake_stripe.fail_next(
        400, kind="invalid_request_error", code="amount_too_small", message="Amount too small"
    )
    url = reverse("admin:leads_lead_change", args=[consenting_lead.pk])
    client.force_login(broker)

    done = client.post(
        url,
        {
            "CHANGE_FORM-action": "send_payment_link",
            "_selected_action": str(consenting_lead.pk),
            "apply": "1",
            "product": product.pk,
            "channel": "email",
        },
        follow=True,
    )

    assert "Not sent: Stripe did not open the payment page: Amount too small (STRIPE_ERROR)" in (
        done.content.decode()
    )
    assert consenting_lead.payments.get().status == "failed"  # kept, though the request's
    # transaction (the admin's change form) committed around the error


def test_paid_fees_are_credited_to_the_conversation_variant(fake_stripe, product, post_event):
    lead = LeadFactory()
    ConversationFactory(lead=lead, variant="A")
    payment = billing_services.payment_checkout_create(lead_id=lead.pk, product_id=product.pk)

    post_event(
        fake_stripe.event(
            "checkout.session.completed", fake_stripe.pay(payment.checkout_session_id)
        )
    )

    payment.refresh_from_db()
    assert (payment.status, payment.attributed_variant) == ("paid", "A")
