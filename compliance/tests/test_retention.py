"""Retention run: cutoff from settings, counts recorded as an info finding, task and schedule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.test import override_settings

from compliance import retention

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)


@pytest.fixture
def purger():
    saved = list(retention._purgers)
    seen = []

    def fake(*, cutoff):
        seen.append(cutoff)
        return {"messages_purged": 4, "leads": 2}

    retention._purgers[:] = [fake]
    yield seen
    retention._purgers[:] = saved


@override_settings(RETENTION_DAYS=30)
def test_run_uses_the_configured_retention_and_records_counts(purger):
    finding = retention.retention_run(now=NOW)
    assert purger == [datetime(2026, 5, 2, 7, 0, tzinfo=UTC)]
    assert finding.rule == "retention_purge"
    assert finding.severity == "info"
    assert finding.resolved_at == NOW
    assert finding.detail == {
        "cutoff": "2026-05-02T07:00:00+00:00",
        "retention_days": 30,
        "messages_purged": 4,
        "leads": 2,
    }


def test_run_without_a_registered_purge_fails_loudly(purger):
    retention._purgers.clear()
    with pytest.raises(retention.RetentionNotConfiguredError):
        retention.retention_run(now=NOW)


def test_registering_twice_is_a_no_op(purger):
    fake = retention._purgers[0]
    retention.register_purger(fake)
    assert retention._purgers == [fake]


def test_task_and_nightly_schedule(purger):
    from compliance.tasks import retention_purge_task

    assert retention_purge_task.apply().get() == 4
    entry = settings.CELERY_BEAT_SCHEDULE["compliance-retention-nightly"]
    assert entry["task"] == "compliance.tasks.retention_purge_task"
    assert settings.CELERY_BEAT_SCHEDULE["compliance-audit-nightly"]["task"] == (
        "compliance.tasks.compliance_audit_task"
    )
