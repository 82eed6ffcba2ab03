"""Refunds from the back office: asked of Stripe (full or partial, with a reason), confirmed by
the charge.refunded webhook; over-refunds and Stripe errors are clear and leave the payment be."""

from __future__ import annotations

import pytest
from django.urls import reverse

from billing import services
from billing.exceptions import PaymentProviderError, RefundRuleError
from billing.models import Refund
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(fake_stripe, product, post_event):
    payment = services.payment_checkout_create(lead_id=LeadFactory().pk, product_id=product.pk)
    session = fake_stripe.pay(payment.checkout_session_id)
    post_event(fake_stripe.event("checkout.session.completed", session))
    payment.refresh_from_db()
    assert payment.status == "paid"
    return payment


def _refund_from_admin(client, payment, follow=True, **form):
    url = reverse("admin:billing_payment_change", args=[payment.pk])
    data = {
        "CHANGE_FORM-action": "refund",
        "_selected_action": str(payment.pk),
        "apply": "1",
        **form,
    }
    return client.post(url, data, follow=follow)


def test_a_partial_refund_from_the_admin_goes_to_stripe_and_the_webhook_confirms_it(
    client, broker, fake_stripe, paid, post_event
):
    client.force_login(broker)

    page = _refund_from_admin(
        client, paid, amount="50.00", reason="requested_by_customer", note="changed plans"
    )

    assert "Refund of 50.00 USD sent to Stripe" in page.content.decode()
    sent = fake_stripe.requests[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/v1/refunds")
    refund = Refund.objects.get()
    assert sent["params"] == {
        "payment_intent": paid.payment_intent_id,
        "amount": "5000",
        "reason": "requested_by_customer",
        "metadata": {
            "source": "enterprisehub",
            "refund_id": str(refund.pk),
            "payment_id": str(paid.pk),
        },
    }
    assert sent["idempotency_key"] == f"refund-{refund.idempotency_key}"
    assert (refund.status, refund.note, refund.requested_by) == (
        "succeeded",
        "changed plans",
        broker,
    )
    assert refund.confirmed_at is None
    paid.refresh_from_db()
    assert (paid.status, paid.refunded_cents) == ("paid", 0)  # until Stripe confirms

    post_event(fake_stripe.event("charge.refunded", fake_stripe.charge_for(paid.payment_intent_id)))

    paid.refresh_from_db()
    refund.refresh_from_db()
    assert (paid.status, paid.refunded_cents) == ("partially_refunded", 5000)
    assert refund.confirmed_at is not None
    assert services.payment_refundable_cents(paid) == 10000

    _refund_from_admin(client, paid, amount="", reason="requested_by_customer")  # the rest
    post_event(fake_stripe.event("charge.refunded", fake_stripe.charge_for(paid.payment_intent_id)))
    paid.refresh_from_db()
    assert (paid.status, paid.refunded_cents) == ("refunded", 15000)
    assert [r.amount_cents for r in Refund.objects.order_by("pk")] == [5000, 10000]


def test_more_than_is_left_is_refused_before_stripe_is_asked(fake_stripe, paid):
    asked = len(fake_stripe.requests)

    with pytest.raises(RefundRuleError) as caught:
        services.payment_refund(payment_id=paid.pk, amount_cents=15001, reason="duplicate")

    assert caught.value.message == (
        "The refund must be between $0.01 and $150.00 (what is left to refund)."
    )
    assert len(fake_stripe.requests) == asked and not Refund.objects.exists()


def test_an_unpaid_payment_cannot_be_refunded(fake_stripe, product):
    payment = services.payment_checkout_create(lead_id=LeadFactory().pk, product_id=product.pk)

    with pytest.raises(RefundRuleError):
        services.payment_refund(payment_id=payment.pk, reason="duplicate")


def test_a_stripe_refusal_is_recorded_on_the_refund(fake_stripe, paid):
    fake_stripe.fail_next(
        400, kind="invalid_request_error", code="charge_disputed", message="Charge is disputed"
    )

    with pytest.raises(PaymentProviderError) as caught:
        services.payment_refund(payment_id=paid.pk, reason="requested_by_customer")

    assert caught.value.message == "Stripe did not refund: Charge is disputed"
    refund = Refund.objects.get()
    assert (refund.status, refund.failure_message) == ("failed", "Charge is disputed")
    assert services.payment_refundable_cents(paid) == 15000  # a failed ask holds nothing back


def test_agents_cannot_refund(client, agent, paid):
    paid.lead.assigned_agent = agent
    paid.lead.save()
    client.force_login(agent)

    response = _refund_from_admin(client, paid, follow=False, amount="10", reason="duplicate")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Refund.objects.exists()
