"""Billing in the back office: fee products, payments with totals for the filtered set and links
to the lead and Stripe, events a broker can replay, commissions entered on the lead page."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from billing.models import Commission, FeeProduct, Payment, StripeEvent
from billing.tests.factories import PaymentFactory
from leads.models import LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_payments_list_and_lead_page(client, broker):
    lead = LeadFactory()
    Payment.objects.create(lead=lead, amount_cents=15000, status=Payment.Status.PAID)
    StripeEvent.objects.create(event_id="evt_1", type="charge.refunded", payload={}, error="boom")
    client.force_login(broker)

    payments = client.get(reverse("admin:billing_payment_changelist"))
    failed = client.get(reverse("admin:billing_stripeevent_changelist"), {"processing": "error"})
    lead_page = client.get(reverse("admin:leads_lead_change", args=[lead.pk]))

    assert payments.status_code == 200 and "150.00 USD" in payments.content.decode()
    assert [e.event_id for e in failed.context["cl"].result_list] == ["evt_1"]
    assert "150.00 USD" in lead_page.content.decode()
    assert client.get(reverse("admin:billing_payment_add")).status_code == 403


def test_totals_cover_the_filtered_set_and_rows_link_to_lead_and_stripe(client, broker):
    lead = LeadFactory(first_name="Dana", last_name="Reyes")
    PaymentFactory(lead=lead, status="paid", paid_at="2026-11-01T10:00Z", payment_intent_id="pi_1")
    PaymentFactory(status="partially_refunded", paid_at="2026-11-02T10:00Z", refunded_cents=5000)
    PaymentFactory(status="pending", checkout_session_id="cs_test_open")
    client.force_login(broker)

    everything = client.get(reverse("admin:billing_payment_changelist"))
    pending = client.get(reverse("admin:billing_payment_changelist"), {"status__exact": "pending"})

    assert everything.context["totals"] == {
        "count": 3,
        "paid_count": 2,
        "paid": "300.00 USD",
        "refunded": "50.00 USD",
        "net": "250.00 USD",
    }
    assert (
        pending.context["totals"]["count"] == 1 and pending.context["totals"]["net"] == "0.00 USD"
    )
    html = everything.content.decode()
    assert f'href="{reverse("admin:leads_lead_change", args=[lead.pk])}"' in html
    assert 'href="https://dashboard.stripe.com/test/payments/pi_1"' in html
    assert 'href="https://dashboard.stripe.com/test/search?query=cs_test_open"' in html


def test_brokers_manage_fee_products(client, broker):
    client.force_login(broker)

    response = client.post(
        reverse("admin:billing_feeproduct_add"),
        {
            "name": "Relocation consultation",
            "audience": "buyer",
            "amount_cents": "9900",
            "currency": "usd",
            "active": "on",
            "description": "",
        },
    )
    too_cheap = client.post(
        reverse("admin:billing_feeproduct_add"),
        {"name": "Cheap", "audience": "any", "amount_cents": "10", "currency": "usd"},
    )

    assert response.status_code == 302
    assert FeeProduct.objects.get().amount_cents == 9900
    assert too_cheap.status_code == 200 and FeeProduct.objects.count() == 1


def test_a_failed_event_can_be_processed_again(client, broker, fake_stripe, product):
    from billing import services

    payment = services.payment_checkout_create(lead_id=LeadFactory().pk, product_id=product.pk)
    event = fake_stripe.event(
        "checkout.session.completed", fake_stripe.pay(payment.checkout_session_id)
    )
    row = services.stripe_event_store(event=event).event
    StripeEvent.objects.filter(pk=row.pk).update(
        error="OperationalError: db went away", attempts=12
    )
    client.force_login(broker)

    page = client.post(
        reverse("admin:billing_stripeevent_changelist"),
        {"action": "process_again", "_selected_action": [row.pk]},
        follow=True,
    )

    assert "Processed 1 of 1 unprocessed event(s)." in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == "paid"


def test_a_broker_records_a_commission_on_the_lead_page(client, broker, agent):
    lead = LeadFactory(assigned_agent=agent, source="referral")
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    client.force_login(broker)
    chosen = {"CHANGE_FORM-action": "record_commission", "_selected_action": str(lead.pk)}

    form_page = client.post(url, chosen)
    done = client.post(
        url,
        {**chosen, "apply": "1", "amount": "12500.00", "closed_on": "2026-11-20", "note": "Oak St"},
        follow=True,
    )

    assert form_page.status_code == 200 and "Record commission" in form_page.content.decode()
    assert "Commission of 12,500.00 USD recorded." in done.content.decode()
    commission = Commission.objects.get()
    assert (commission.lead, commission.amount_cents, commission.closed_on) == (
        lead,
        1250000,
        date(2026, 11, 20),
    )
    assert (commission.attributed_source, commission.attributed_agent, commission.entered_by) == (
        "referral",
        agent,
        broker,
    )
    assert LeadEvent.objects.filter(lead=lead, kind="commission").count() == 1


def test_agents_do_not_get_the_commission_action(client, agent):
    lead = LeadFactory(assigned_agent=agent)
    client.force_login(agent)
    agent.is_staff = True
    agent.save()

    page = client.get(reverse("admin:leads_lead_change", args=[lead.pk]))

    assert page.status_code == 200
    html = page.content.decode()
    assert "record_commission" not in html and "send_payment_link" in html
