"""MLS import: validate a stream of RESO records, upsert the good ones in batches, keep the bad.

One import at a time (PostgreSQL advisory lock, or a cache lock elsewhere). A run's counts and
high-water mark live in MlsImportRun; a rejected record is stored with every reason and can be
retried from the admin.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from enterprisehub import realtime
from properties.exceptions import ImportInProgressError
from properties.models import MlsImportRun, Property, RejectedListing
from properties.selectors import mls_high_water_mark
from properties.services.listing_writer import listing_writer
from properties.services.pipeline import ValidatedBatch, prefetched, validated_batches

log = logging.getLogger(__name__)

LOCK_ID = 0x4D4C53  # "MLS": one advisory lock key for every import
LOCK_CACHE_KEY = "properties:mls-import-lock"
FEATURES_VERSION_KEY = "properties:features-version"  # = similarity.VERSION_KEY
BATCH_SIZE = 10_000
ANALYZE_AFTER = 5_000  # rows written by one run


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deleted: int = 0
    run_id: int | None = None
    high_water_mark: datetime | None = None
    dry_run: bool = False

    @property
    def processed(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def counts(self) -> dict[str, int]:
        """The machine-readable summary: created, updated, unchanged, rejected, deleted."""
        data = asdict(self)
        return {k: data[k] for k in ("created", "updated", "unchanged", "rejected", "deleted")}


@contextmanager
def mls_import_lock() -> Iterator[None]:
    """Hold the one import lock, or raise ImportInProgressError at once."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_ID])
            if not cursor.fetchone()[0]:
                raise ImportInProgressError("another MLS import is running")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_ID])
        return
    if not cache.add(LOCK_CACHE_KEY, "1", timeout=6 * 3600):
        raise ImportInProgressError("another MLS import is running")
    try:
        yield
    finally:
        cache.delete(LOCK_CACHE_KEY)


def _stored_timestamps() -> dict[str, float]:
    """Every stored listing key with its ModificationTimestamp (epoch seconds: compact)."""
    rows = Property.objects.values_list("listing_key", "modification_timestamp")
    return {key: moment.timestamp() for key, moment in rows.iterator(chunk_size=20_000)}


def _import_batch(batch: ValidatedBatch, *, run, writer, summary: ImportSummary) -> None:
    created, updated = writer.write(batch.rows, batch.encoded) if batch.rows else (0, 0)
    writer.see(batch.unchanged_keys)
    if batch.rejected:
        rejected = [
            RejectedListing(run=run, listing_key=key, raw=raw, errors=errors)
            for key, raw, errors in batch.rejected
        ]
        RejectedListing.objects.bulk_create(_not_yet_kept(rejected), batch_size=1000)
        writer.see(key for key, _, _ in batch.rejected)
    summary.created += created
    summary.updated += updated
    summary.unchanged += len(batch.rows) - created - updated + batch.skipped
    summary.rejected += len(batch.rejected)
    newest = max((row[-2] for row in batch.rows), default=None)
    if newest and (summary.high_water_mark is None or newest > summary.high_water_mark):
        summary.high_water_mark = newest


def _not_yet_kept(rejected: list[RejectedListing]) -> list[RejectedListing]:
    """Drop rejections identical to one still open, so replaying a feed adds no duplicates."""
    keys = {r.listing_key for r in rejected if r.listing_key}
    open_ = set()
    if keys:
        stored = RejectedListing.objects.filter(resolved_at=None, listing_key__in=keys)
        open_ = {
            (k, json.dumps(raw, sort_keys=True))
            for k, raw in stored.values_list("listing_key", "raw")
        }
    return [
        r
        for r in rejected
        if not r.listing_key or (r.listing_key, json.dumps(r.raw, sort_keys=True)) not in open_
    ]


def _run(records, *, source, full, since, batch_size, progress, summary) -> MlsImportRun:
    run = MlsImportRun.objects.create(source=source)
    summary.run_id = run.id
    writer = listing_writer(source=source, now=timezone.now(), track_seen=full)
    try:
        batches = validated_batches(
            records,
            since=since,
            size=batch_size,
            stored=_stored_timestamps(),
            encode=writer.encode,
        )
        for batch in prefetched(batches):
            _import_batch(batch, run=run, writer=writer, summary=summary)
            if progress:
                progress(summary)
        if full:
            summary.deleted = writer.mark_vanished()
    except Exception as exc:
        _finish(run, summary, status=MlsImportRun.Status.FAILED, error=str(exc)[:1000])
        raise
    finally:
        writer.close()
    _finish(run, summary, status=MlsImportRun.Status.SUCCEEDED)
    return run


def _finish(run: MlsImportRun, summary: ImportSummary, *, status: str, error: str = "") -> None:
    previous = mls_high_water_mark(source=run.source)
    marks = [m for m in (previous, summary.high_water_mark) if m is not None]
    MlsImportRun.objects.filter(pk=run.pk).update(
        **summary.counts(),
        status=status,
        error=error,
        finished_at=timezone.now(),
        high_water_mark=max(marks) if marks else None,
    )


def mls_import(
    *,
    records: Iterable[dict[str, Any]],
    source: str = "mls",
    full: bool = False,
    since: datetime | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[ImportSummary], None] | None = None,
) -> ImportSummary:
    """Validate and upsert a stream of RESO Property records; a dry run writes nothing."""
    summary = ImportSummary(dry_run=dry_run)
    args = {"source": source, "full": full, "since": since, "batch_size": batch_size}
    with mls_import_lock():
        if dry_run:
            with transaction.atomic():
                _run(records, progress=progress, summary=summary, **args)
                transaction.set_rollback(True)
            return summary
        _run(records, progress=progress, summary=summary, **args)
    if summary.created or summary.updated or summary.deleted:
        cache.set(FEATURES_VERSION_KEY, f"run-{summary.run_id}", timeout=None)
    if summary.created + summary.updated >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, or the planner guesses 1 row
            cursor.execute(f"ANALYZE {Property._meta.db_table}")
    realtime.publish_on_commit("bi.listings", "mls.imported", summary.counts())
    log.info("MLS import run %s from %s: %s", summary.run_id, source, summary.counts())
    return summary
