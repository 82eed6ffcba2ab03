"""POST /api/v1/webhooks/stripe/: signatures (valid, invalid, stale, missing), each event stored
once, processing after storing (and retried by us), status only forward, live events."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.urls import reverse
from django.utils import timezone

from billing import services
from billing.models import StripeEvent
from billing.tests.conftest import WEBHOOK_SECRET
from billing.tests.fake_stripe import sign
from leads.models import LeadEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def payment(fake_stripe, product):
    from leads.tests.factories import LeadFactory

    lead = LeadFactory()
    return services.payment_checkout_create(lead_id=lead.pk, product_id=product.pk)


def _completed(fake_stripe, payment):
    return fake_stripe.event(
        "checkout.session.completed", fake_stripe.pay(payment.checkout_session_id)
    )


def _kinds(payment, kind):
    return list(
        LeadEvent.objects.filter(lead_id=payment.lead_id, kind=kind).values_list("data", flat=True)
    )


def test_a_signed_event_is_stored_processed_and_the_payment_paid(fake_stripe, payment, post_event):
    event = _completed(fake_stripe, payment)

    response = post_event(event)

    assert response.status_code == 200
    assert response.json() == {"received": True, "id": event["id"], "duplicate": False}
    row = StripeEvent.objects.get(event_id=event["id"])
    assert (row.type, row.outcome, row.error, row.attempts) == (
        "checkout.session.completed",
        "paid",
        "",
        1,
    )
    assert row.processed_at is not None and row.payment_id == payment.pk
    payment.refresh_from_db()
    session = fake_stripe.sessions[payment.checkout_session_id]
    assert payment.status == "paid"
    assert payment.payment_intent_id == session["payment_intent"]
    assert payment.paid_at.timestamp() == event["created"]
    assert _kinds(payment, "paid") == [
        {
            "payment_id": payment.pk,
            "amount_cents": 15000,
            "currency": "usd",
            "purpose": payment.purpose,
        }
    ]


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("", "SIGNATURE_MISSING"),
        ("t=1700000000,v1=" + "0" * 64, "SIGNATURE_INVALID"),
        ("garbage", "SIGNATURE_INVALID"),
    ],
)
def test_missing_or_wrong_signatures_are_refused_and_nothing_changes(
    fake_stripe, payment, post_event, header, code
):
    response = post_event(_completed(fake_stripe, payment), header=header)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert set(response.json()) == {"error", "message", "field", "code"}
    assert not StripeEvent.objects.exists()
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_a_body_signed_with_another_secret_is_refused(fake_stripe, payment, post_event):
    response = post_event(_completed(fake_stripe, payment), secret="whsec_someone_else")

    assert (response.status_code, response.json()["code"]) == (400, "SIGNATURE_INVALID")
    assert not StripeEvent.objects.exists()


def test_a_tampered_body_is_refused(fake_stripe, payment, client):
    event = _completed(fake_stripe, payment)
    header = sign(json.dumps(event).encode(), WEBHOOK_SECRET)
    event["data"]["object"]["amount_total"] = 1

    response = client.post(
        reverse("stripe-webhook"),
        json.dumps(event),
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    assert (response.status_code, response.json()["code"]) == (400, "SIGNATURE_INVALID")
    assert not StripeEvent.objects.exists()


def test_a_stale_signature_is_refused_even_when_genuine(fake_stripe, payment, post_event):
    old = int(time.time()) - 301

    response = post_event(_completed(fake_stripe, payment), timestamp=old)

    assert (response.status_code, response.json()["code"]) == (400, "SIGNATURE_STALE")
    assert not StripeEvent.objects.exists()
    fresh = post_event(_completed(fake_stripe, payment), timestamp=int(time.time()) - 290)
    assert fresh.status_code == 200


def test_the_same_event_twice_is_stored_once_and_acted_on_once(fake_stripe, payment, post_event):
    event = _completed(fake_stripe, payment)

    first, second = post_event(event), post_event(event)

    assert (first.status_code, second.status_code) == (200, 200)
    assert second.json() == {"received": True, "id": event["id"], "duplicate": True}
    assert StripeEvent.objects.filter(event_id=event["id"]).count() == 1
    assert len(_kinds(payment, "paid")) == 1


def test_unknown_types_are_stored_and_acknowledged(fake_stripe, post_event):
    event = fake_stripe.event("customer.created", {"id": "cus_test_1", "object": "customer"})

    response = post_event(event)

    assert response.status_code == 200
    row = StripeEvent.objects.get(event_id=event["id"])
    assert row.outcome == "ignored (type not handled)" and row.processed_at is not None


def test_a_session_of_another_system_is_acknowledged_as_not_ours(fake_stripe, post_event):
    session = {
        "id": "cs_test_other",
        "object": "checkout.session",
        "metadata": {},
        "payment_status": "paid",
    }

    post_event(fake_stripe.event("checkout.session.completed", session))

    assert StripeEvent.objects.get().outcome == "not ours"


def test_partial_then_full_refund(fake_stripe, payment, post_event):
    post_event(_completed(fake_stripe, payment))
    payment.refresh_from_db()
    intent = payment.payment_intent_id

    fake_stripe.refund(intent, 5000)
    post_event(fake_stripe.event("charge.refunded", fake_stripe.charge_for(intent)))
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_cents, payment.net_cents) == (
        "partially_refunded",
        5000,
        10000,
    )

    fake_stripe.refund(intent, 10000)
    post_event(fake_stripe.event("charge.refunded", fake_stripe.charge_for(intent)))
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_cents, payment.net_cents) == ("refunded", 15000, 0)
    assert _kinds(payment, "refunded") == [
        {
            "payment_id": payment.pk,
            "refunded_cents": 10000,
            "total_refunded_cents": 15000,
            "full": True,
        },
        {
            "payment_id": payment.pk,
            "refunded_cents": 5000,
            "total_refunded_cents": 5000,
            "full": False,
        },
    ]


def test_events_out_of_order_never_move_a_payment_back(fake_stripe, payment, post_event):
    completed = _completed(fake_stripe, payment)
    intent = fake_stripe.sessions[payment.checkout_session_id]["payment_intent"]
    fake_stripe.refund(intent, 5000)
    partial = fake_stripe.event("charge.refunded", fake_stripe.charge_for(intent))
    fake_stripe.refund(intent, 10000)
    full = fake_stripe.event("charge.refunded", fake_stripe.charge_for(intent))
    expired = fake_stripe.event(
        "checkout.session.expired", {**completed["data"]["object"], "status": "expired"}
    )

    # Stripe delivers the full refund first, before we even heard of the payment.
    for event in (full, completed, partial, expired):
        assert post_event(event).status_code == 200

    payment.refresh_from_db()
    assert (payment.status, payment.refunded_cents) == ("refunded", 15000)
    assert payment.payment_intent_id == intent
    assert len(_kinds(payment, "paid")) == 1 and len(_kinds(payment, "refunded")) == 1
    outcomes = dict(StripeEvent.objects.values_list("event_id", "outcome"))
    assert outcomes[completed["id"]] == "paid (no change)"
    assert outcomes[expired["id"]] == "expired (no change)"
    # charge.refunded carried no metadata: Stripe was asked whose PaymentIntent it is.
    assert ("GET", f"/v1/payment_intents/{intent}") in {
        (r["method"], r["path"]) for r in fake_stripe.requests
    }


def test_a_declined_card_then_success_on_the_same_page(fake_stripe, payment, post_event):
    declined = fake_stripe.decline(payment.checkout_session_id)

    post_event(fake_stripe.event("payment_intent.payment_failed", declined))
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == ("failed", "insufficient_funds")
    assert payment.failure_message == "Your card has insufficient funds."

    post_event(_completed(fake_stripe, payment))
    payment.refresh_from_db()
    assert (payment.status, payment.failure_message) == ("paid", "")


def test_async_bank_payment_waits_then_fails(fake_stripe, payment, post_event):
    session = {**fake_stripe.sessions[payment.checkout_session_id], "status": "complete"}
    post_event(fake_stripe.event("checkout.session.completed", session))
    payment.refresh_from_db()
    assert payment.status == "pending"

    post_event(fake_stripe.event("checkout.session.async_payment_failed", session))
    payment.refresh_from_db()
    assert (payment.status, payment.failure_message) == ("failed", "The bank payment failed.")


def test_a_failure_in_our_processing_is_kept_and_retried_by_us(fake_stripe, payment, post_event):
    completed = _completed(fake_stripe, payment)
    intent = fake_stripe.sessions[payment.checkout_session_id]["payment_intent"]
    fake_stripe.refund(intent, 15000)
    refunded = fake_stripe.event("charge.refunded", fake_stripe.charge_for(intent))
    fake_stripe.fail_next(500, kind="api_error", code="", message="Stripe is down")

    response = post_event(refunded)  # we must ask Stripe whose PaymentIntent this is: it fails

    assert response.status_code == 200  # stored: Stripe need not resend it
    row = StripeEvent.objects.get(event_id=refunded["id"])
    assert row.processed_at is None and row.attempts == 1
    assert row.error.startswith("APIError")
    assert row.next_attempt_at > timezone.now()
    assert services.stripe_events_retry_due() == 0  # not due yet

    later = row.next_attempt_at + timedelta(seconds=1)
    assert services.stripe_events_retry_due(now=later) == 1
    row.refresh_from_db()
    payment.refresh_from_db()
    assert (row.outcome, row.error, row.attempts) == ("refunded", "", 2)
    assert (payment.status, payment.refunded_cents) == ("refunded", 15000)
    assert post_event(completed).status_code == 200
    payment.refresh_from_db()
    assert payment.status == "refunded"


def test_the_minute_sweep_processes_events_the_queue_lost(fake_stripe, payment):
    event = _completed(fake_stripe, payment)
    receipt = services.stripe_event_store(event=event)  # stored, but its task never ran
    StripeEvent.objects.filter(pk=receipt.event.pk).update(
        received_at=timezone.now() - timedelta(minutes=1)
    )

    assert services.stripe_events_retry_due() == 1
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_paid_publishes_a_live_event_after_commit(fake_stripe, payment, post_event):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)("bi.payments", channel)

    post_event(_completed(fake_stripe, payment))

    for _ in range(20):  # other test workers may publish payments to the same group
        message = async_to_sync(layer.receive)(channel)
        if message["payload"]["id"] == payment.pk and message["event"] == "payment.paid":
            break
    assert message["payload"] == {
        "id": payment.pk,
        "lead_id": str(payment.lead_id),
        "agent_id": None,
        "status": "paid",
        "amount_cents": 15000,
        "refunded_cents": 0,
        "currency": "usd",
    }


def test_without_a_webhook_secret_deliveries_wait(fake_stripe, payment, post_event, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""

    response = post_event(_completed(fake_stripe, payment), secret="whsec_x")

    assert (response.status_code, response.json()["code"]) == (503, "PAYMENTS_NOT_CONFIGURED")
    assert not StripeEvent.objects.exists()
