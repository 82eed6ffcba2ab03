"""Payments in the back office: read-only lists, on the lead page too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from billing.models import Payment, StripeEvent
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
