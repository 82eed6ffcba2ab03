"""Memory on a big feed: a ~500 MB RESO JSON file imported into PostgreSQL, RSS as it goes.

The feed readers stream (ijson), the validation queue is bounded and batches are written as
they come, so the process should stay about as big at the end of the file as after its first
batches. Prints RSS every 100,000 records, then the counts, time and peak RSS.

    .venv/bin/python bench/mls_big_feed.py [--mb 500] [--db eh_props_big]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
BYTES_PER_LISTING = 800  # what austin_feed writes, on average


def rss_mb() -> float:
    """Resident set size now, in MB (Linux)."""
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20  # MiB, as ru_maxrss below


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=500, help="feed size to write")
    parser.add_argument("--db", default="eh_props_big")
    args = parser.parse_args()

    from austin_feed import write_feed
    from mls_import import setup_database

    count = args.mb * 1_000_000 // BYTES_PER_LISTING
    feed = Path(tempfile.mkdtemp(prefix="mls-big-")) / "feed.json"
    started = time.perf_counter()
    write_feed(feed, count=count)
    size = feed.stat().st_size / 1e6
    print(
        f"feed: {count:,} listings, {size:,.0f} MB, written in {time.perf_counter() - started:.0f}s"
    )

    setup_database(args.db)
    from properties.reso.feeds import feed_records
    from properties.services import mls_import

    print(f"RSS after Django setup: {rss_mb():.0f} MB")
    marks = iter(range(100_000, count + 100_000, 100_000))
    mark = next(marks)

    def progress(summary) -> None:
        nonlocal mark
        if summary.processed >= mark:
            print(f"  {summary.processed:>9,} records   RSS {rss_mb():5.0f} MB")
            mark = next(marks, count + 1)

    started = time.perf_counter()
    summary = mls_import(records=feed_records(feed), progress=progress)
    elapsed = time.perf_counter() - started
    print(f"import: {elapsed:.1f}s, {count / elapsed:,.0f} records/s, {summary.counts()}")
    print(f"peak RSS: {peak_rss_mb():.0f} MB for a {size:,.0f} MB feed")
    feed.unlink()
    feed.parent.rmdir()


if __name__ == "__main__":
    main()
