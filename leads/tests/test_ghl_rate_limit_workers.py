"""One rate limit for the whole deployment, measured: two Celery worker processes syncing leads
at once never put more than the configured number of requests into any window at GHL."""

from __future__ import annotations

import re
import uuid

import pytest

from leads.ghl.sync import CUSTOM_FIELD_KEYS
from leads.models import Lead
from leads.tests.celery_worker import celery_worker, wait_for
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.slow
LIMIT, INTERVAL = 8, 1.0


def busiest_window(times: list[float], width: float) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + width) for start in times)


def test_two_workers_share_one_bucket(transactional_db, ghl_api, task_queue, settings):
    settings.GHL_SYNC_DEBOUNCE_SECONDS = 0
    field_ids = ",".join(f"{key}=cf-{key}" for key in CUSTOM_FIELD_KEYS)
    shared = {
        "GHL_API_BASE_URL": ghl_api.url,
        "GHL_API_TOKEN": ghl_api.token,
        "GHL_LOCATION_ID": ghl_api.location_id,
        "GHL_RATE_LIMIT_REQUESTS": str(LIMIT),
        "GHL_RATE_LIMIT_INTERVAL_SECONDS": str(INTERVAL),
        "GHL_RATE_LIMIT_MARGIN_SECONDS": "0.05",
        "GHL_CUSTOM_FIELD_IDS": field_ids,  # no lookup: every call is a lead's own
        "ENTERPRISEHUB_CACHE_PREFIX": f"bucket-{uuid.uuid4().hex[:8]}",
    }
    with (
        celery_worker(queue=task_queue.name, name="w1", extra=shared) as log1,
        celery_worker(queue=task_queue.name, name="w2", extra=shared) as log2,
    ):
        # Each new lead asks for its own sync (the debounced task), as in production.
        leads = [LeadFactory(email=f"rate{n}@example.com", phone="") for n in range(16)]
        wait_for(
            lambda: (
                Lead.objects.filter(
                    pk__in=[x.pk for x in leads], ghl_synced_at__isnull=False
                ).count()
                == len(leads)
            ),
            timeout=120,
        )
        logs = log1.read_text(), log2.read_text()

    calls = [r.at for r in ghl_api.requests]
    assert len(calls) == 2 * len(leads)  # an upsert and a tags call per lead
    assert busiest_window(calls, INTERVAL) <= LIMIT
    done = [len(re.findall(r"sync_lead\[[^\]]+\] succeeded", text)) for text in logs]
    assert sum(done) == len(leads) and min(done) > 0, done  # both workers did some
    assert max(calls) - min(calls) >= (len(calls) / LIMIT - 1) * INTERVAL
