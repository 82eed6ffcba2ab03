"""Celery interface for GHL: process webhook events, sync leads, send handoffs and deletions,
re-queue what was lost, purge old events, pull changed contacts. Thin wrappers over services."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from leads.ghl.exceptions import GhlTransientError

log = logging.getLogger(__name__)


REQUEUE_QUIET_SECONDS = 600  # the beat queues the same leftover at most this often


def requeue_once(key: str, *, seconds: int = REQUEUE_QUIET_SECONDS) -> bool:
    """True when `key` was not re-queued in the last `seconds` (a backlog is not multiplied)."""
    try:
        return cache.add(f"ghl:requeued:{key}", 1, timeout=seconds)
    except Exception:  # no cache: re-queue anyway, the work is idempotent
        return True


def _countdown(exc: GhlTransientError, retries: int) -> float:
    """Retry-After when GHL (or our bucket) gave one, else 30 s doubling, at most 30 min."""
    return exc.retry_after if exc.retry_after else min(1800, 30 * 2**retries)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=8
)
def ghl_event_process_task(self, *, event_id: int, include_failed: bool = False) -> int:
    """Process one stored webhook event (and its contact's earlier ones)."""
    from leads.ghl.events import event_process

    return event_process(event_id=event_id, include_failed=include_failed)


@shared_task(
    bind=True, acks_late=True, autoretry_for=(DatabaseError,), retry_backoff=5, max_retries=8
)
def ghl_events_process_task(self, *, event_ids: list[int]) -> int:
    """Process webhook events stored together (the web tier's batch), each contact in order."""
    from leads.ghl.events import event_process

    return sum(event_process(event_id=event_id) for event_id in event_ids)


@shared_task(bind=True, acks_late=True, max_retries=12)
def sync_lead(self, *, lead_id: str) -> None:
    """Send one lead to GHL (the debounced sync)."""
    from leads.ghl.sync import _debounce_key, lead_sync_to_ghl

    cache.delete(_debounce_key(lead_id))  # changes from now on schedule a fresh sync
    try:
        lead_sync_to_ghl(lead_id=lead_id)
    except GhlTransientError as exc:
        raise self.retry(exc=exc, countdown=_countdown(exc, self.request.retries))


@shared_task(bind=True, acks_late=True, max_retries=12)
def ghl_handoff_task(self, *, lead_id: str, reason: str) -> str:
    """Record a handoff in GHL (opportunity or note)."""
    from leads.ghl.sync import handoff_push

    try:
        return handoff_push(lead_id=lead_id, reason=reason)
    except GhlTransientError as exc:
        raise self.retry(exc=exc, countdown=_countdown(exc, self.request.retries))


@shared_task(bind=True, acks_late=True, max_retries=12)
def ghl_contact_delete_task(self, *, event_id: int) -> bool:
    """Delete an erased person's GHL contact."""
    from leads.ghl.sync import contact_delete_run

    try:
        return contact_delete_run(event_id=event_id)
    except GhlTransientError as exc:
        raise self.retry(exc=exc, countdown=_countdown(exc, self.request.retries))


@shared_task(acks_late=True)
def ghl_requeue_task() -> dict[str, int]:
    """Re-queue what the database says is still to do: events, lead syncs, deletions."""
    from leads.ghl import events, sync
    from leads.ghl.conf import ghl_config

    event_ids = [e for e in events.events_requeue_candidates() if requeue_once(f"event:{e}")]
    for event_id in event_ids:
        ghl_event_process_task.apply_async(kwargs={"event_id": event_id})
    leads = deletions = 0
    if ghl_config().configured:
        for lead_id in sync.leads_sync_due():
            leads += sync.sync_schedule(lead_id=lead_id, delay=0)
        for event in sync.contact_delete_pending():
            if requeue_once(f"delete:{event.pk}"):
                ghl_contact_delete_task.apply_async(kwargs={"event_id": event.pk})
                deletions += 1
    if event_ids or leads or deletions:
        log.info("ghl requeue: %s events, %s leads, %s deletions", len(event_ids), leads, deletions)
    return {"events": len(event_ids), "leads": leads, "deletions": deletions}


@shared_task(acks_late=True)
def ghl_webhook_purge_task() -> int:
    """Delete processed webhook events older than GHL_WEBHOOK_RETENTION_DAYS (30)."""
    from leads.ghl.events import events_purge

    return events_purge(days=settings.GHL_WEBHOOK_RETENTION_DAYS)


@shared_task(bind=True, acks_late=True, max_retries=6)
def ghl_pull_task(self) -> dict[str, int] | None:
    """The nightly pull of contacts changed in GHL since the last run."""
    from leads.ghl.conf import ghl_config
    from leads.ghl.pull import PullInProgressError, contacts_pull

    if not ghl_config().configured:
        return None
    try:
        run = contacts_pull()
    except PullInProgressError:
        log.warning("ghl pull skipped: another pull is running")
        return None
    except GhlTransientError as exc:
        raise self.retry(exc=exc, countdown=_countdown(exc, self.request.retries))
    return {"fetched": run.fetched, "created": run.created, "updated": run.updated}
