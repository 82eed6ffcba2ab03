"""Validation side of the import: batches of checked rows, produced ahead of the writer.

Parsing, validating and encoding rows for COPY are Python work; the upsert is PostgreSQL work.
Doing the Python part in a helper thread (which never talks to the database) lets the next batch
be ready while the server writes the current one, and leaves the main thread only bytes to send.
The queue is bounded, so memory stays flat.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from properties.reso.validation import record_validate


@dataclass
class ValidatedBatch:
    rows: list[tuple] = field(default_factory=list)  # unique listing keys, newest version
    rejected: list[tuple[str, Any, list[dict[str, str]]]] = field(default_factory=list)
    skipped: int = 0  # not newer than `since` or than what is stored, or an older duplicate
    unchanged_keys: list[str] = field(default_factory=list)  # stored and not newer: skipped
    encoded: Any = None  # the rows as the writer will send them, when it prepares them ahead


def _not_newer_than_stored(raw: Any, stored: dict[str, float]) -> str | None:
    """The record's key when it is stored with the same or a newer ModificationTimestamp.

    RESO changes ModificationTimestamp whenever a record changes, so such a record cannot
    change anything: it is counted unchanged without being validated or written (the upsert
    would refuse it anyway). Anything unparseable goes on to full validation.
    """
    if not stored or not isinstance(raw, dict):
        return None
    key, moment = raw.get("ListingKey"), raw.get("ModificationTimestamp")
    known = stored.get(key) if isinstance(key, str) else None
    if known is None or not isinstance(moment, str):
        return None
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return key if parsed.timestamp() <= known else None


def _validate(
    records: list[Any], since: datetime | None, stored: dict[str, float] | None = None
) -> ValidatedBatch:
    batch = ValidatedBatch()
    good: dict[str, tuple] = {}
    for raw in records:
        unchanged = _not_newer_than_stored(raw, stored or {})
        if unchanged is not None:
            batch.skipped += 1
            batch.unchanged_keys.append(unchanged)
            continue
        row, problems = record_validate(raw)
        if row is None:
            key = str(raw.get("ListingKey") or "")[:64] if isinstance(raw, dict) else ""
            batch.rejected.append((key, raw, [p.as_dict() for p in problems]))
            continue
        if since is not None and row[-2] <= since:
            batch.skipped += 1  # older than the mark asked for: by definition already here
            continue
        previous = good.get(row[0])
        if previous is not None:
            batch.skipped += 1  # the same key twice in a batch: keep the newer version
            if previous[-2] >= row[-2]:
                continue
        good[row[0]] = row
    batch.rows = list(good.values())
    return batch


def validated_batches(
    records: Iterable[Any],
    *,
    since: datetime | None,
    size: int,
    stored: dict[str, float] | None = None,
    encode: Callable[[list[tuple]], Any] | None = None,
) -> Iterator[ValidatedBatch]:
    """Validate records in batches of `size`; `stored` maps listing key -> stored timestamp;
    `encode` (the writer's, if it has one) prepares each batch's rows for sending."""

    def finished(chunk: list[Any]) -> ValidatedBatch:
        batch = _validate(chunk, since, stored)
        if encode is not None and batch.rows:
            batch.encoded = encode(batch.rows)
        return batch

    chunk: list[Any] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield finished(chunk)
            chunk = []
    if chunk:
        yield finished(chunk)


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_DONE = object()


def prefetched(items: Iterator[Any], *, depth: int = 2) -> Iterator[Any]:
    """Yield `items` in order while a helper thread computes up to `depth` ahead."""
    handoff: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, re-raised there
            put(_Failure(exc))

    worker = threading.Thread(target=produce, name="mls-validate", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield item
    finally:
        stop.set()
        worker.join(timeout=10)
