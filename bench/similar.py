"""Similar listings and CMA speed on the 100,000 listings of the bench database.

Prints the in-memory index build time, p50/p95 of listing_similar(k=10) over random active
listings, and p50/p95 of a CMA for random Austin subjects.

    .venv/bin/python bench/similar.py [--db eh_props_bench]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=100)
    return f"p50 {q[49]:6.2f} ms   p95 {q[94]:6.2f} ms   max {max(samples):6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="eh_props_bench")
    parser.add_argument("--samples", type=int, default=300)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from properties.exceptions import InsufficientComparablesError
    from properties.models import Property
    from properties.selectors import listing_similar
    from properties.services import comparative_market_analysis
    from properties.similarity import similarity_index, similarity_invalidate

    total = Property.objects.count()
    if total < 99_000:
        sys.exit("run bench/mls_import.py first (it fills the bench database)")
    rng = random.Random(3)
    active = list(Property.objects.filter(standard_status="Active").values_list("pk", flat=True))
    picks = Property.objects.in_bulk(rng.sample(active, args.samples))

    similarity_invalidate()
    started = time.perf_counter()
    similarity_index()
    print(f"{total:,} listings: similarity index built in {time.perf_counter() - started:.2f}s")
    timings = []
    for listing in picks.values():
        started = time.perf_counter()
        found = listing_similar(listing=listing, k=10)
        timings.append((time.perf_counter() - started) * 1000)
        assert len(found) == 10
    print(
        f"listing_similar(k=10), {len(timings)} listings: {percentiles(timings)}  (goal p95 < 100)"
    )

    timings, insufficient = [], 0
    for listing in list(picks.values())[:100]:
        started = time.perf_counter()
        try:
            comparative_market_analysis(listing)
        except InsufficientComparablesError:
            insufficient += 1
        timings.append((time.perf_counter() - started) * 1000)
    print(
        f"comparative_market_analysis, 100 subjects: {percentiles(timings)} "
        f"({insufficient} with insufficient comparables)"
    )


if __name__ == "__main__":
    main()
