"""Retention: message bodies of leads inactive for RETENTION_DAYS are purged every night.

The purge itself reads leads and messages, which compliance may not import; the workflow is
registered by bots (`bots.privacy.register`). Each run is logged (counts only, never content)
and recorded as an info Finding so a broker can see when it ran and what it removed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from compliance.models import Finding

log = logging.getLogger(__name__)

RULE = "retention_purge"
Purger = Callable[..., dict[str, int]]  # (cutoff=) -> {"messages_purged": n, "leads": m}
_purgers: list[Purger] = []


class RetentionNotConfiguredError(RuntimeError):
    """No purge workflow was registered (the app that owns messages is not loaded)."""


def register_purger(purger: Purger) -> None:
    """Install a purge workflow (called from an AppConfig.ready); registering twice is a no-op."""
    if purger not in _purgers:
        _purgers.append(purger)


def retention_cutoff(*, now: datetime | None = None) -> datetime:
    """Activity before this instant is old enough to purge."""
    return (now or timezone.now()) - timedelta(days=settings.RETENTION_DAYS)


def retention_run(*, now: datetime | None = None) -> Finding:
    """Purge what is past retention; record and log the counts."""
    if not _purgers:
        raise RetentionNotConfiguredError("no retention purge workflow is registered")
    now = now or timezone.now()
    cutoff = retention_cutoff(now=now)
    totals: dict[str, int] = {}
    for purger in _purgers:
        for key, value in purger(cutoff=cutoff).items():
            totals[key] = totals.get(key, 0) + value
    log.info(
        "retention purge: cutoff=%s retention_days=%s %s",
        cutoff.date().isoformat(),
        settings.RETENTION_DAYS,
        " ".join(f"{key}={value}" for key, value in sorted(totals.items())),
    )
    return Finding.objects.create(
        rule=RULE,
        severity=Finding.Severity.INFO,
        object_type="retention",
        object_id=now.strftime("%Y%m%dT%H%M%S"),
        detail={"cutoff": cutoff.isoformat(), "retention_days": settings.RETENTION_DAYS, **totals},
        resolved_at=now,
    )
