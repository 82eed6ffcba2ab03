"""Set-based writers for validated listing rows: PostgreSQL COPY + one upsert, or bulk_create.

Both keep the same rule: a row only replaces a stored listing whose ModificationTimestamp is
older, so replays and out-of-order feeds never overwrite newer data.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import datetime

import psycopg
from django.db import connection, transaction
from psycopg.copy import Copy, FileWriter

from properties.enums import StandardStatus
from properties.models import Property
from properties.reso.validation import COLUMNS, row_as_dict

TABLE = Property._meta.db_table
STAGE = "properties_stage"
SEEN = "properties_seen"
_COLS = ", ".join(COLUMNS)
_UPDATES = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[1:], "source", "updated_at"))
UPSERT_SQL = f"""
WITH up AS (
    INSERT INTO {TABLE} ({_COLS}, source, created_at, updated_at)
    SELECT {_COLS}, %(source)s, %(now)s, %(now)s FROM {STAGE}
    ON CONFLICT (listing_key) DO UPDATE SET {_UPDATES}
    WHERE {TABLE}.modification_timestamp < EXCLUDED.modification_timestamp
    RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up
"""  # noqa: S608  (identifiers are module constants, values are parameters)
VANISHED_SQL = f"""
UPDATE {TABLE} p SET standard_status = %(deleted)s, updated_at = %(now)s
WHERE p.source = %(source)s AND p.standard_status <> %(deleted)s
  AND NOT EXISTS (SELECT 1 FROM {SEEN} s WHERE s.listing_key = p.listing_key)
"""  # noqa: S608


class PostgresListingWriter:
    """COPY each batch into a temp staging table, then one INSERT … ON CONFLICT."""

    def __init__(self, *, source: str, now: datetime, track_seen: bool) -> None:
        self.source, self.now, self.track_seen = source, now, track_seen
        connection.ensure_connection()
        self._adapters_from = connection.connection  # psycopg's, for encode() in other threads
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}; DROP TABLE IF EXISTS {SEEN}")
            cursor.execute(
                f"CREATE TEMP TABLE {STAGE} AS SELECT {_COLS} FROM {TABLE} WITH NO DATA"  # noqa: S608
            )
            if track_seen:
                cursor.execute(f"CREATE TEMP TABLE {SEEN} (listing_key varchar(64) PRIMARY KEY)")

    def encode(self, rows: list[tuple]) -> bytes:
        """The rows as COPY text. Pure Python work with no database I/O (the cursor only lends
        its type adapters), so the validation thread does it while PostgreSQL upserts the
        previous batch, and write() then only streams bytes."""
        buffer = io.BytesIO()
        cursor = psycopg.Cursor(self._adapters_from)
        with Copy(cursor, binary=False, writer=FileWriter(buffer)) as copy:
            for row in rows:
                copy.write_row((*row[:-1], json.dumps(row[-1])))
        return buffer.getvalue()

    def write(self, rows: list[tuple], encoded: bytes | None = None) -> tuple[int, int]:
        """Upsert rows (unique keys; `encoded` is encode(rows) when done ahead); return
        (created, updated)."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {STAGE}")
            with cursor.copy(f"COPY {STAGE} ({_COLS}) FROM STDIN") as copy:
                copy.write(self.encode(rows) if encoded is None else encoded)
            cursor.execute(UPSERT_SQL, {"source": self.source, "now": self.now})
            created, updated = cursor.fetchone()
            if self.track_seen:
                cursor.execute(
                    f"INSERT INTO {SEEN} SELECT listing_key FROM {STAGE} ON CONFLICT DO NOTHING"  # noqa: S608
                )
        return created, updated

    def see(self, keys: Iterable[str]) -> None:
        """Record keys that exist upstream even though their record was rejected."""
        keys = [k for k in keys if k]
        if self.track_seen and keys:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {SEEN} SELECT unnest(%s::varchar[]) ON CONFLICT DO NOTHING",  # noqa: S608
                    [keys],
                )

    def mark_vanished(self) -> int:
        """Mark this source's listings absent from the run as deleted upstream; return how many."""
        with connection.cursor() as cursor:
            cursor.execute(
                VANISHED_SQL,
                {"deleted": StandardStatus.DELETE.value, "now": self.now, "source": self.source},
            )
            return cursor.rowcount

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE}; DROP TABLE IF EXISTS {SEEN}")


class OrmListingWriter:
    """Portable fallback (SQLite): read stored timestamps, then bulk_create with upsert."""

    CHUNK = 500  # SQLite's variable limit

    def __init__(self, *, source: str, now: datetime, track_seen: bool) -> None:
        self.source, self.now, self.track_seen = source, now, track_seen
        self.seen: set[str] = set()

    encode = None  # nothing to prepare ahead

    def write(self, rows: list[tuple], encoded: None = None) -> tuple[int, int]:
        """Upsert rows (unique keys); return (created, updated)."""
        stored: dict[str, datetime] = {}
        for start in range(0, len(rows), self.CHUNK):
            keys = [row[0] for row in rows[start : start + self.CHUNK]]
            stored.update(
                Property.objects.filter(listing_key__in=keys).values_list(
                    "listing_key", "modification_timestamp"
                )
            )
        fresh = [r for r in rows if r[0] not in stored or stored[r[0]] < r[-2]]
        objects = [
            Property(**row_as_dict(r), source=self.source, updated_at=self.now) for r in fresh
        ]
        with transaction.atomic():
            Property.objects.bulk_create(
                objects,
                batch_size=self.CHUNK // 2,
                update_conflicts=True,
                unique_fields=["listing_key"],
                update_fields=[*COLUMNS[1:], "source", "updated_at"],
            )
        if self.track_seen:
            self.see(row[0] for row in rows)
        created = sum(1 for r in fresh if r[0] not in stored)
        return created, len(fresh) - created

    def see(self, keys: Iterable[str]) -> None:
        """Record keys that exist upstream even though their record was rejected."""
        if self.track_seen:
            self.seen.update(k for k in keys if k)

    def mark_vanished(self) -> int:
        """Mark this source's listings absent from the run as deleted upstream; return how many."""
        stale = (
            Property.objects.filter(source=self.source)
            .exclude(standard_status=StandardStatus.DELETE)
            .values_list("pk", "listing_key")
        )
        ids = [pk for pk, key in stale.iterator() if key not in self.seen]
        for start in range(0, len(ids), self.CHUNK):
            Property.objects.filter(pk__in=ids[start : start + self.CHUNK]).update(
                standard_status=StandardStatus.DELETE, updated_at=self.now
            )
        return len(ids)

    def close(self) -> None:
        self.seen.clear()


def listing_writer(*, source: str, now: datetime, track_seen: bool, portable: bool = False):
    """The fastest writer the database supports (`portable` forces the ORM one)."""
    if connection.vendor == "postgresql" and not portable:
        return PostgresListingWriter(source=source, now=now, track_seen=track_seen)
    return OrmListingWriter(source=source, now=now, track_seen=track_seen)
