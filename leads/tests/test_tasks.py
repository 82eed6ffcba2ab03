"""Celery interface of leads: the every-minute re-offer of broadcasts nobody claimed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from leads.enums import OfferStatus, RoutingStrategy
from leads.routing.models import LeadOffer
from leads.routing.services import lead_create_routed
from leads.tasks import offers_expire_task
from leads.tests.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db


def test_offers_expire_task_re_offers_lapsed_broadcasts(agent, other_agent):
    RoutingRuleFactory(strategy=RoutingStrategy.BROADCAST, members=[agent])
    RoutingRuleFactory(is_default=True, members=[other_agent])
    lead, result = lead_create_routed(email="lapsed@example.com")
    LeadOffer.objects.filter(pk=result.offer.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert offers_expire_task.apply().get() == 1

    lead.refresh_from_db()
    result.offer.refresh_from_db()
    assert (lead.assigned_agent, result.offer.status) == (other_agent, OfferStatus.EXPIRED)


def test_the_beat_runs_the_expiry_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["lead-offers-expire"]

    assert (entry["task"], entry["schedule"]) == ("leads.tasks.offers_expire_task", 60.0)
    assert offers_expire_task.name == entry["task"]
