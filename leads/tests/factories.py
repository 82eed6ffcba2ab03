"""factory-boy factories for leads (PII set through the service so hashes are right)."""

from __future__ import annotations

import factory

from leads import services
from leads.enums import RoutingStrategy
from leads.models import Lead, LeadEvent
from leads.routing.models import RoutingRule, RoutingRuleMember


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    phone = factory.Sequence(lambda n: f"+1512555{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"lead{n}@example.com")
    source = "ghl_sms"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.lead_create(allow_duplicate=True, **kwargs)


class LeadEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadEvent

    lead = factory.SubFactory(LeadFactory)
    kind = "note"
    data = factory.LazyFunction(dict)


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    """A routing rule; `members=[agent, (agent, weight), ...]` adds its agents."""

    class Meta:
        model = RoutingRule
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Rule {n}")
    position = factory.Sequence(lambda n: 10 * (n + 1))
    strategy = RoutingStrategy.ROUND_ROBIN

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for item in extracted or ():
            agent, weight = item if isinstance(item, tuple) else (item, 1)
            RoutingRuleMember.objects.create(rule=self, agent=agent, weight=weight)
