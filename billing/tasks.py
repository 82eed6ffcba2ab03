"""Celery interface for billing: process a stored Stripe event, sweep the ones still due, and
the nightly reconciliation (schedule in settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


@shared_task(acks_late=True)
def stripe_event_process_task(*, event_id: str) -> bool:
    """Process one stored event; a failure stays on the row and the sweep retries it."""
    from billing.services import stripe_event_process

    return stripe_event_process(event_id=event_id).processed_at is not None


@shared_task(acks_late=True)
def stripe_events_retry_task() -> int:
    """Every minute: process stored events whose (next) attempt is due; return how many."""
    from billing.services import stripe_events_retry_due

    return stripe_events_retry_due()


@shared_task(acks_late=True)
def stripe_reconcile_task() -> int:
    """Nightly: compare the last days with Stripe, fix what is safe; return mismatches left."""
    from billing.services import stripe_reconcile

    since = timezone.now() - timedelta(days=settings.STRIPE_RECONCILE_DAYS)
    run = stripe_reconcile(since=since, fix=True)
    if run.remaining:
        log.warning(
            "stripe reconciliation run %s: %s mismatch(es) need a person", run.pk, run.remaining
        )
    return run.remaining
