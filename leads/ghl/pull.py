"""Pull the contacts changed in GHL since the last run (ghl_sync and the nightly beat task).

GHL drops any webhook we answered with something other than 2xx or 429, so this is how a
missed ContactCreate/Update still reaches us. Each contact is applied under the same
per-contact lock as the webhook events; runs never overlap (an advisory lock).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from enterprisehub.errors import ApplicationError
from leads.ghl import contacts, events, operations
from leads.ghl.client import GhlClient
from leads.ghl.models import GhlSyncRun
from leads.models import Lead

log = logging.getLogger(__name__)
OVERLAP = timedelta(minutes=5)  # re-read a little before the high-water mark: clocks differ
FIRST_RUN_LOOKBACK = timedelta(days=1)
PULL_LOCK = 0x6768_6C70  # "ghlp"


class PullInProgressError(ApplicationError):
    code = "GHL_PULL_IN_PROGRESS"
    status_code = 409


@dataclass
class Progress:
    """Counts so far, handed to the caller's progress callback after each page."""

    fetched: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0


def pull_since_default(*, now: datetime | None = None) -> datetime:
    """Where the next pull starts: the last completed run's high-water mark, minus an overlap."""
    last = (
        GhlSyncRun.objects.filter(status=GhlSyncRun.Status.COMPLETED, dry_run=False)
        .order_by("-started_at")
        .first()
    )
    if last is None:
        return (now or timezone.now()) - FIRST_RUN_LOOKBACK
    return (last.high_water or last.started_at) - OVERLAP


@contextlib.contextmanager
def _exclusive():
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [PULL_LOCK])
        if not cursor.fetchone()[0]:
            raise PullInProgressError("Another GHL pull is running.")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [PULL_LOCK])


def _would_change(contact: dict) -> str:
    """created / updated / unchanged, without writing (dry run)."""
    lead = Lead.objects.filter(ghl_contact_id=str(contact["id"])).first()
    if lead is None:
        return "created"
    details = contacts._details(contact)
    differs = any(getattr(lead, k) != v for k, v in details.items())
    tags = contact.get("tags")
    return (
        "updated" if differs or (isinstance(tags, list) and tags != lead.ghl_tags) else "unchanged"
    )


def _apply(contact: dict) -> str:
    contact_id = str(contact["id"])
    with transaction.atomic():
        events._contact_lock(contact_id)
        before = Lead.objects.filter(ghl_contact_id=contact_id).values_list("updated_at", flat=True)
        previous = before.first()
        lead, created = contacts.lead_upsert_from_ghl(contact_id=contact_id, contact=contact)
    if created:
        return "created"
    return "unchanged" if lead.updated_at == previous else "updated"


def contacts_pull(
    *,
    since: datetime | None = None,
    dry_run: bool = False,
    client: GhlClient | None = None,
    progress: Callable[[Progress], None] | None = None,
) -> GhlSyncRun:
    """Apply every contact changed in GHL since `since` (default: since the last run)."""
    since = since or pull_since_default()
    run = GhlSyncRun(since=since, dry_run=dry_run)
    if not dry_run:
        run.save()
    counts = Progress()
    own = client is None
    client = client or GhlClient()
    try:
        with _exclusive():
            for page in operations.contacts_changed_since(client, since=since):
                for contact in page:
                    _count(run, counts, contact, dry_run)
                if progress:
                    progress(counts)
        run.status = GhlSyncRun.Status.COMPLETED
    except Exception as exc:
        run.status, run.error = GhlSyncRun.Status.FAILED, type(exc).__name__
        raise
    finally:
        if own:
            client.close()
        run.finished_at = timezone.now()
        for name in ("fetched", "created", "updated", "unchanged", "failed"):
            setattr(run, name, getattr(counts, name))
        if not dry_run:
            run.save()
    return run


def _count(run: GhlSyncRun, counts: Progress, contact: dict, dry_run: bool) -> None:
    counts.fetched += 1
    if not isinstance(contact, dict) or not contact.get("id"):
        counts.failed += 1
        return
    changed = parse_datetime(str(contact.get("dateUpdated") or ""))
    if changed and (run.high_water is None or changed > run.high_water):
        run.high_water = changed
    try:
        outcome = _would_change(contact) if dry_run else _apply(contact)
    except Exception as exc:  # one bad contact is counted and logged, the rest still arrive
        log.warning("ghl pull: contact %s failed (%s)", contact.get("id"), type(exc).__name__)
        counts.failed += 1
        return
    setattr(counts, outcome, getattr(counts, outcome) + 1)
