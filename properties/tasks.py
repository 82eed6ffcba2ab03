"""Celery interface for listings: the nightly MLS sync (02:00 America/Chicago, see settings)."""

from __future__ import annotations

import logging

from celery import shared_task

from enterprisehub.errors import TransientError

log = logging.getLogger(__name__)


@shared_task(
    bind=True,
    acks_late=True,
    autoretry_for=(TransientError,),
    retry_backoff=60,
    max_retries=5,
)
def mls_sync_task(self, *, full: bool = False) -> dict[str, int] | None:
    from properties.exceptions import ImportInProgressError
    from properties.services import mls_sync

    try:
        return mls_sync(full=full).counts()
    except ImportInProgressError:
        log.warning("MLS sync skipped: another import holds the lock")
        return None
