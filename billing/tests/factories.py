"""factory-boy factories for billing."""

from __future__ import annotations

import factory

from billing.models import FeeProduct, Payment
from leads.tests.factories import LeadFactory


class FeeProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeeProduct

    name = factory.Sequence(lambda n: f"Pricing consultation {n}")
    audience = "seller"
    amount_cents = 15000


class PaymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Payment

    lead = factory.SubFactory(LeadFactory)
    product = factory.SubFactory(FeeProductFactory)
    purpose = factory.LazyAttribute(lambda p: p.product.name)
    amount_cents = 15000
