"""Access-log selectors for the admin and exports."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance import access
from compliance.models import AccessLog
from compliance.services import access_record

pytestmark = pytest.mark.django_db


def test_list_narrows_by_object_user_and_time(broker, agent):
    access_record(user=broker, action="view", surface="admin", object_id="lead-1")
    access_record(user=agent, action="view", surface="api", object_id="lead-1")
    access_record(user=agent, action="list", surface="bi", count=40)
    AccessLog.objects.filter(user=broker).update(at=timezone.now() - timedelta(days=3))

    assert [r.user for r in access.access_log_list(object_id="lead-1")] == [agent, broker]
    assert [r.action for r in access.access_log_list(user_id=agent.pk)] == ["list", "view"]
    since = timezone.now() - timedelta(days=1)
    assert access.access_log_list(object_id="lead-1", since=since).count() == 1


def test_summary_counts_requests_and_records(agent):
    access_record(user=agent, action="list", surface="bi", count=40)
    access_record(user=agent, action="list", surface="api", count=10)
    access_record(user=agent, action="view", surface="api", object_id="lead-1")

    rows = access.access_log_summary_by_user(since=timezone.now() - timedelta(hours=1))
    assert [(r["user__username"], r["action"], r["requests"], r["records"]) for r in rows] == [
        ("agent_ana", "list", 2, 50),
        ("agent_ana", "view", 1, 1),
    ]
