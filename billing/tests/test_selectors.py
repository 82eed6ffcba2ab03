"""Billing reads: which product a bot offers, and revenue attributed by source, agent, variant."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from billing import selectors
from billing.models import Commission
from billing.tests.factories import FeeProductFactory, PaymentFactory

pytestmark = pytest.mark.django_db


def test_a_bot_offers_its_audiences_product_before_the_general_one():
    general = FeeProductFactory(name="A general consultation", audience="any")
    seller = FeeProductFactory(name="Seller pricing consultation", audience="seller")
    FeeProductFactory(name="Buyer relocation consultation", audience="buyer")
    FeeProductFactory(name="Old seller offer", audience="seller", active=False)

    assert selectors.fee_product_offer(audience="seller") == seller
    seller.active = False
    seller.save()
    assert selectors.fee_product_offer(audience="seller") == general


def test_revenue_is_attributed_by_source_agent_and_variant(agent, other_agent):
    when = timezone.make_aware(datetime(2026, 11, 10, 12))
    PaymentFactory(
        status="paid",
        paid_at=when,
        attributed_source="zillow",
        attributed_agent=agent,
        attributed_variant="A",
    )
    PaymentFactory(
        status="partially_refunded",
        paid_at=when,
        refunded_cents=5000,
        attributed_source="zillow",
        attributed_agent=other_agent,
        attributed_variant="B",
    )
    PaymentFactory(
        status="refunded", paid_at=when, refunded_cents=15000, attributed_source="referral"
    )
    PaymentFactory(status="pending", attributed_source="zillow")  # not revenue
    PaymentFactory(status="paid", paid_at=when - timedelta(days=40), attributed_source="zillow")
    Commission.objects.create(
        amount_cents=900000,
        closed_on=date(2026, 11, 12),
        attributed_source="referral",
        attributed_agent=agent,
    )
    since, until = when - timedelta(days=5), when + timedelta(days=5)

    by_source = selectors.revenue_attributed(by="source", since=since, until=until)
    by_agent = selectors.revenue_attributed(by="agent", since=since, until=until, viewer=agent)

    assert by_source == [
        {
            "key": "referral",
            "fees_cents": 0,
            "fees_count": 1,
            "commission_cents": 900000,
            "deals": 1,
        },
        {"key": "zillow", "fees_cents": 25000, "fees_count": 2, "commission_cents": 0, "deals": 0},
    ]
    assert by_agent == [
        {
            "key": agent.pk,
            "fees_cents": 15000,
            "fees_count": 1,
            "commission_cents": 900000,
            "deals": 1,
        },
    ]
    assert {
        r["key"]: r["fees_cents"]
        for r in selectors.revenue_attributed(by="variant", since=since, until=until)
    } == {"A": 15000, "B": 10000, "": 0}
