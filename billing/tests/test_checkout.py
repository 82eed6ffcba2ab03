"""Opening a Stripe Checkout page for a fee: what Stripe is asked, what we store, and what a
Stripe error or a wrong key leaves behind (nothing half-written)."""

from __future__ import annotations

import httpx
import pytest
import respx

from billing import services
from billing.exceptions import (
    FeeProductUnavailableError,
    PaymentProviderError,
    PaymentsNotConfiguredError,
    StripeKeyModeError,
)
from billing.models import Payment
from enterprisehub.errors import NotFoundError
from leads.models import LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_checkout_session_asks_stripe_for_a_payment_page_and_stores_its_link(
    fake_stripe, product, agent, broker
):
    lead = LeadFactory(assigned_agent=agent, source="zillow", email="dana@example.com")

    payment = services.payment_checkout_create(
        lead_id=lead.pk, product_id=product.pk, channel="api", actor=broker
    )

    [request] = fake_stripe.requests
    params = request["params"]
    assert (request["method"], request["path"]) == ("POST", "/v1/checkout/sessions")
    assert request["auth"] == "Bearer sk_test_51FakeKeyForTests"
    assert request["idempotency_key"] == f"checkout-{payment.idempotency_key}"
    assert params["mode"] == "payment"
    assert params["client_reference_id"] == str(payment.pk)
    assert params["metadata"] == {
        "source": "enterprisehub",
        "payment_id": str(payment.pk),
        "lead_id": str(lead.pk),
        "product_id": str(product.pk),
    }
    assert params["payment_intent_data"]["metadata"]["payment_id"] == str(payment.pk)
    assert params["line_items"]["0"]["price_data"] == {
        "currency": "usd",
        "unit_amount": "15000",
        "product_data": {"name": "Seller pricing consultation"},
    }
    assert params["success_url"].endswith("/pay/thanks/?session_id={CHECKOUT_SESSION_ID}")
    assert params["cancel_url"].endswith("/pay/cancelled/")
    assert params["customer_email"] == "dana@example.com"

    payment.refresh_from_db()
    session = fake_stripe.sessions[payment.checkout_session_id]
    assert payment.status == "pending"
    assert payment.checkout_url == session["url"]
    assert payment.expires_at.timestamp() == session["expires_at"]
    assert (payment.amount_cents, payment.currency, payment.channel) == (15000, "usd", "api")
    assert (payment.attributed_source, payment.attributed_agent) == ("zillow", agent)
    assert payment.created_by == broker
    event = LeadEvent.objects.get(lead=lead, kind="payment_link")
    assert event.data == {
        "payment_id": payment.pk,
        "product": "Seller pricing consultation",
        "amount_cents": 15000,
        "channel": "api",
    }


def test_a_stripe_error_marks_the_payment_failed_and_writes_nothing_else(fake_stripe, product):
    lead = LeadFactory()
    fake_stripe.fail_next(
        400, kind="invalid_request_error", code="url_invalid", message="Not a valid URL"
    )

    with pytest.raises(PaymentProviderError) as caught:
        services.payment_checkout_create(lead_id=lead.pk, product_id=product.pk)

    assert caught.value.code == "STRIPE_ERROR"
    assert caught.value.message == "Stripe did not open the payment page: Not a valid URL"
    payment = Payment.objects.get()
    assert (payment.status, payment.failure_code) == ("failed", "url_invalid")
    assert payment.failure_message == "Not a valid URL"
    assert (payment.checkout_session_id, payment.checkout_url) == (None, "")
    assert not LeadEvent.objects.filter(lead=lead, kind="payment_link").exists()


def test_stripe_unreachable_is_a_clear_error(product):
    lead = LeadFactory()

    with respx.mock() as router:
        router.route(host="api.stripe.com").mock(side_effect=httpx.ConnectError("refused"))
        with pytest.raises(PaymentProviderError) as caught:
            services.payment_checkout_create(lead_id=lead.pk, product_id=product.pk)

    assert "could not be reached; nothing was charged" in caught.value.message
    assert Payment.objects.get().status == "failed"


@pytest.mark.parametrize(
    ("production", "key", "error"),
    [
        (False, "sk_live_51RealMoney", StripeKeyModeError),
        (True, "sk_test_51FakeKey", StripeKeyModeError),
        (False, "", PaymentsNotConfiguredError),
        (False, "pk_test_publishable", StripeKeyModeError),
    ],
)
def test_the_key_guard_refuses_before_anything_is_written_or_sent(
    fake_stripe, product, settings, production, key, error
):
    settings.PRODUCTION, settings.STRIPE_SECRET_KEY = production, key
    lead = LeadFactory()

    with pytest.raises(error) as caught:
        services.payment_checkout_create(lead_id=lead.pk, product_id=product.pk)

    assert caught.value.status_code == 503
    assert fake_stripe.requests == []
    assert not Payment.objects.exists()


def test_production_takes_a_live_key(fake_stripe, product, settings):
    settings.PRODUCTION, settings.STRIPE_SECRET_KEY = True, "sk_live_51RealMoney"

    payment = services.payment_checkout_create(lead_id=LeadFactory().pk, product_id=product.pk)

    assert fake_stripe.requests[0]["auth"] == "Bearer sk_live_51RealMoney"
    assert payment.livemode is False  # the session says so (the fake is test mode)


def test_an_inactive_product_or_unknown_lead_is_refused(fake_stripe, product):
    lead = LeadFactory()
    product.active = False
    product.save()

    with pytest.raises(FeeProductUnavailableError):
        services.payment_checkout_create(lead_id=lead.pk, product_id=product.pk)
    with pytest.raises(NotFoundError):
        services.payment_checkout_create(lead_id="not-a-uuid", product_id=product.pk)
    assert fake_stripe.requests == []
