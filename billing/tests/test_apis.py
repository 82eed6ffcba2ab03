"""POST/GET /api/v1/payments/: a payment link for a lead the caller may see, structured errors."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from billing.models import Payment
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/payments/"


def test_an_agent_opens_a_payment_link_for_their_lead(api_client, agent, fake_stripe, product):
    lead = LeadFactory(assigned_agent=agent)
    api_client.force_authenticate(agent)

    response = api_client.post(
        URL, {"lead_id": str(lead.pk), "product_id": product.pk}, format="json"
    )

    assert response.status_code == 201
    payment = Payment.objects.get()
    body = response.json()
    assert body["id"] == payment.pk and body["lead_id"] == str(lead.pk)
    assert body["checkout_url"].startswith("https://checkout.stripe.com/c/pay/cs_test_")
    assert (body["status"], body["amount_cents"], body["channel"]) == ("pending", 15000, "api")
    listed = api_client.get(URL, {"lead_id": str(lead.pk)}).json()
    assert [p["id"] for p in listed] == [payment.pk]
    assert api_client.get(reverse("payment-detail", args=[payment.pk])).json()["id"] == payment.pk


def test_another_agents_lead_is_not_found(api_client, agent, other_agent, fake_stripe, product):
    lead = LeadFactory(assigned_agent=other_agent)
    theirs = Payment.objects.create(lead=lead, amount_cents=100)
    api_client.force_authenticate(agent)

    response = api_client.post(
        URL, {"lead_id": str(lead.pk), "product_id": product.pk}, format="json"
    )

    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": "No such lead.",
        "field": "lead_id",
        "code": "NOT_FOUND",
    }
    assert api_client.get(reverse("payment-detail", args=[theirs.pk])).status_code == 404
    assert api_client.get(URL).json() == []
    assert fake_stripe.requests == []


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"product_id": 1}, "lead_id", "REQUIRED"),
        ({"lead_id": "nope", "product_id": 1}, "lead_id", "INVALID"),
        ({"lead_id": str(uuid.uuid4()), "product_id": 0}, "product_id", "MIN_VALUE"),
        ({"lead_id": str(uuid.uuid4()), "product_id": 1, "send": "fax"}, "send", "INVALID_CHOICE"),
    ],
)
def test_bad_input_gets_a_structured_error(api_client, broker, body, field, code):
    api_client.force_authenticate(broker)

    response = api_client.post(URL, body, format="json")

    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == (field, code)


def test_a_stripe_error_is_a_502_and_the_payment_failed(api_client, broker, fake_stripe, product):
    fake_stripe.fail_next(500, kind="api_error", code="", message="Something went wrong")
    api_client.force_authenticate(broker)

    response = api_client.post(
        URL, {"lead_id": str(LeadFactory().pk), "product_id": product.pk}, format="json"
    )

    assert response.status_code == 502
    assert response.json()["code"] == "STRIPE_ERROR"
    assert Payment.objects.get().status == "failed"


def test_send_email_mails_the_link_with_the_can_spam_footer(
    api_client, broker, fake_stripe, product
):
    lead = LeadFactory(first_name="Dana", email="dana@example.com")
    api_client.force_authenticate(broker)

    response = api_client.post(
        URL, {"lead_id": str(lead.pk), "product_id": product.pk, "send": "email"}, format="json"
    )

    assert response.status_code == 201
    [message] = mail.outbox
    url = response.json()["checkout_url"]
    assert message.to == ["dana@example.com"]
    expected = "Dana, here is the secure Stripe page to pay for your Seller pricing consultation"
    assert f"{expected} ($150.00): {url} The link works for 24 hours." in message.body
    assert "Unsubscribe in one click" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert response.json()["channel"] == "email"


def test_an_unsubscribed_lead_gets_no_email_and_stripe_is_not_asked(
    api_client, broker, fake_stripe, product
):
    lead = LeadFactory(email="dana@example.com")
    lead.email_unsubscribed_at = lead.created_at
    lead.save()
    api_client.force_authenticate(broker)

    response = api_client.post(
        URL, {"lead_id": str(lead.pk), "product_id": product.pk, "send": "email"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "PAYMENT_LINK_NOT_SENT"
    assert "unsubscribed" in response.json()["message"]
    assert mail.outbox == [] and fake_stripe.requests == [] and not Payment.objects.exists()


def test_products_are_listed_for_integrations(api_client, agent, product):
    api_client.force_authenticate(agent)

    assert api_client.get(reverse("fee-product-list")).json() == [
        {
            "id": product.pk,
            "name": "Seller pricing consultation",
            "description": "",
            "audience": "seller",
            "amount_cents": 15000,
            "currency": "usd",
        }
    ]


def test_the_return_pages_only_say_thank_you(client):
    done = client.get("/pay/thanks/?session_id=cs_test_x")
    cancelled = client.get("/pay/cancelled/")

    assert done.status_code == 200 and "Thank you" in done.content.decode()
    assert cancelled.status_code == 200 and "nothing was charged" in cancelled.content.decode()
