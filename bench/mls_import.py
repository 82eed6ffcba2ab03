"""MLS import speed: 100,000 synthetic Austin listings (~1% malformed) into PostgreSQL.

Prints records/s, peak RSS, re-import time, and the time PostgreSQL alone needs for the same
rows (COPY into a staging table + one INSERT … ON CONFLICT into the indexed table) with our
import time as a multiple of it.

    .venv/bin/python bench/mls_import.py [--count 100000] [--db eh_props_bench]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_database(name: str) -> None:
    base = "postgres://postgres@127.0.0.1:5432"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", f"{base}/postgres", "-qc", sql], check=True)
    os.environ["DATABASE_URL"] = f"{base}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def baseline(path: Path) -> float:
    """PostgreSQL alone: pre-validated rows, COPY to staging + one INSERT … ON CONFLICT."""
    from django.db import connection, transaction

    from properties.reso.feeds import feed_records
    from properties.reso.validation import record_validate
    from properties.services.listing_writer import PostgresListingWriter

    rows = {}
    for raw in feed_records(path):
        row, _ = record_validate(raw)
        if row is not None:
            rows[row[0]] = row
    rows = list(rows.values())
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE properties_property CASCADE")
    from django.utils import timezone

    writer = PostgresListingWriter(source="mls", now=timezone.now(), track_seen=False)
    started = time.perf_counter()
    with transaction.atomic():
        writer.write(rows)
    elapsed = time.perf_counter() - started
    writer.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--db", default="eh_props_bench")
    args = parser.parse_args()

    from austin_feed import write_feed

    tmp = Path(tempfile.mkdtemp(prefix="mls-bench-"))
    feed = tmp / "feed.json"
    started = time.perf_counter()
    broken = write_feed(feed, count=args.count)
    print(
        f"feed: {args.count:,} listings ({broken:,} malformed), {feed.stat().st_size / 1e6:.0f} MB, "
        f"written in {time.perf_counter() - started:.1f}s"
    )

    setup_database(args.db)
    from properties.reso.feeds import feed_records
    from properties.services import mls_import

    rss_before = rss_mb()
    started, cpu = time.perf_counter(), cpu_s()
    first = mls_import(records=feed_records(feed))
    import_s = time.perf_counter() - started
    cpu = cpu_s() - cpu
    rss_peak = rss_mb()
    print(f"import:    {import_s:6.2f}s  {args.count / import_s:9,.0f} records/s  {first.counts()}")
    print(f"           (this process used {cpu:.1f}s of CPU; the rest is PostgreSQL and waiting)")
    with open("/proc/loadavg") as handle:
        print(f"load average now: {handle.read().split()[0]} on {os.cpu_count()} cores")
    print(f"peak RSS:  {rss_peak:6.0f} MB (after Django setup {rss_before:.0f} MB)")

    started = time.perf_counter()
    second = mls_import(records=feed_records(feed))
    reimport_s = time.perf_counter() - started
    print(
        f"re-import: {reimport_s:6.2f}s  {args.count / reimport_s:9,.0f} records/s  {second.counts()}"
    )

    base_s = baseline(feed)
    print(
        f"PostgreSQL alone (COPY to staging + one INSERT … ON CONFLICT, {first.created:,} rows): "
        f"{base_s:.2f}s"
    )
    print(
        f"our import = {import_s / base_s:.1f}x PostgreSQL alone "
        f"(floor: <= 10 s, >= 10,000 records/s, RSS <= 300 MB, re-import <= 5 s; goal <= 5x)"
    )
    feed.unlink()
    tmp.rmdir()


if __name__ == "__main__":
    main()
