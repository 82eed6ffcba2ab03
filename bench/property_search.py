"""Listing search under load, served as in production (gunicorn, 2 workers).

Needs the 100,000 listings of bench/mls_import.py in the bench database (imports the feed
itself if the table is short). 20 concurrent clients (asyncio + httpx) send typical buyer
searches to GET /api/v1/properties/ with an API key for a fixed time, then the same load hits a
bare Django JSON view on the same server; p50/p95/p99 and req/s are printed side by side.

    .venv/bin/python bench/property_search.py [--db eh_props_bench] [--port 8401] [--seconds 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from serving import production_env  # noqa: E402  (bench/ is put on the path just above)

CITIES = ["Austin", "Austin", "Austin", "Round Rock", "Cedar Park", "Pflugerville", "Georgetown"]
SORTS = ["newest", "newest", "price", "-price", "price_per_sqft"]


def buyer_query(rng: random.Random) -> dict:
    """A typical buyer search: a city or ZIP, a price band, beds/baths minimum, a sort."""
    low = rng.choice([200_000, 300_000, 400_000, 500_000, 650_000])
    query = {
        "min_price": low,
        "max_price": low + rng.choice([100_000, 150_000, 250_000]),
        "beds_min": rng.choice([2, 3, 3, 4]),
        "sort": rng.choice(SORTS),
    }
    if rng.random() < 0.8:
        query["city"] = rng.choice(CITIES)
    else:
        query["postal_code"] = rng.choice(["78704", "78745", "78759", "78664", "78613"])
    if rng.random() < 0.4:
        query["baths_min"] = 2
    if rng.random() < 0.15:
        query["living_area_min"] = rng.choice([1500, 2000, 2500])
    return query


def prepare(db: str) -> str:
    """Django against the bench database; 100k listings present; an API key for the client."""
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from enterprisehub.accounts.models import ApiKey, User
    from properties.models import Property

    if Property.objects.count() < 99_000:
        from austin_feed import write_feed

        from properties.reso.feeds import feed_records
        from properties.services import mls_import

        feed = Path(tempfile.mkdtemp()) / "feed.json"
        write_feed(feed, count=100_000)
        mls_import(records=feed_records(feed))
        feed.unlink()
    from django.db import connection

    with connection.cursor() as cursor:  # steady state: what autovacuum does after an import
        cursor.execute("VACUUM ANALYZE properties_property")
    user, _ = User.objects.get_or_create(username="bench-agent")
    prefix, secret = ApiKey.generate()
    ApiKey.objects.create(name="bench", user=user, prefix=prefix, hashed_key=ApiKey.hash(secret))
    return secret


def explain_typical() -> float:
    """Execution time (ms) PostgreSQL reports for one typical search's SQL."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from properties.selectors import ListingQuery, listing_search

    query = ListingQuery(
        city="Austin",
        min_price=Decimal(400_000),
        max_price=Decimal(550_000),
        beds_min=3,
        sort="price",
    )
    with CaptureQueriesContext(connection) as captured:
        listing_search(query=query)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {captured[0]['sql']}")
        return cursor.fetchone()[0][0]["Execution Time"]


async def load(url: str, *, headers: dict, seconds: float, clients: int, queries) -> list[float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(headers=headers, limits=limits, timeout=10) as client:

        async def worker(n: int) -> None:
            nonlocal errors
            rng = random.Random(n)
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                response = await client.get(url, params=queries(rng))
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    errors += 1

        await asyncio.gather(*(worker(n) for n in range(clients)))
    if errors:
        print(f"  !! {errors} non-200 responses")
    return latencies


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local n = 0
local key = os.getenv("BENCH_AUTH")
request = function()
  n = n + 1
  local headers = {}
  if key ~= "" then headers["Authorization"] = key end
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format("WRK %d %.3f %.3f %.3f %.3f %d\\n", summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, non2xx))
end
"""


def wrk_load(base: str, paths: list[str], *, auth: str, seconds: float, clients: int) -> tuple:
    """The same load from wrk (C, far lighter than a Python client on these 2 cores)."""
    tmp = Path(tempfile.mkdtemp())
    (tmp / "paths.txt").write_text("\n".join(paths) + "\n")
    (tmp / "bench.lua").write_text(WRK_SCRIPT)
    env = {**os.environ, "BENCH_PATHS": str(tmp / "paths.txt"), "BENCH_AUTH": auth}
    out = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "-s", str(tmp / "bench.lua"), base],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    requests, duration, p50, p95, p99, non2xx = line.split()[1:]
    return int(requests) / float(duration), float(p50), float(p95), float(p99), int(non2xx)


def report(name: str, latencies: list[float], seconds: float) -> None:
    q = statistics.quantiles(latencies, n=100)
    print(
        f"{name:<34} {len(latencies) / seconds:7.0f} req/s   p50 {q[49]:6.1f} ms   "
        f"p95 {q[94]:6.1f} ms   p99 {q[98]:6.1f} ms   ({len(latencies):,} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="eh_props_bench")
    parser.add_argument("--port", type=int, default=8401)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--no-throttle", action="store_true", help="serve without the API throttle (diagnosis)"
    )
    args = parser.parse_args()

    secret = prepare(args.db)
    print(f"EXPLAIN ANALYZE of a typical search: {explain_typical():.2f} ms")
    env = production_env(
        database_url=os.environ["DATABASE_URL"],
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/5"),
    )
    if args.no_throttle:
        env["DJANGO_SETTINGS_MODULE"] = "settings_nothrottle"
        env["PYTHONPATH"] = f"{ROOT}:{ROOT / 'bench'}"
        print("API throttle OFF (diagnosis run)")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "enterprisehub.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/listings/bench/bare", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        headers = {"Authorization": f"Api-Key {secret}"}
        search = f"{base}/api/v1/properties/"
        asyncio.run(
            load(search, headers=headers, seconds=3, clients=args.clients, queries=buyer_query)
        )  # warm-up
        searched = asyncio.run(
            load(
                search,
                headers=headers,
                seconds=args.seconds,
                clients=args.clients,
                queries=buyer_query,
            )
        )
        bare = asyncio.run(
            load(
                f"{base}/listings/bench/bare",
                headers={},
                seconds=args.seconds,
                clients=args.clients,
                queries=lambda rng: {},
            )
        )
        print(
            f"gunicorn 2 workers, production settings, {args.clients} concurrent clients, "
            f"{args.seconds:.0f}s each"
        )
        print("client asyncio + httpx (Python, shares the 2 cores with the server):")
        report("  GET /api/v1/properties/ (search)", searched, args.seconds)
        report("  bare Django JSON view", bare, args.seconds)
        if shutil.which("wrk"):
            rng = random.Random(7)
            paths = [f"/api/v1/properties/?{urlencode(buyer_query(rng))}" for _ in range(2000)]
            print("client wrk (same load, same query mix):")
            for name, urls, auth in (
                ("  GET /api/v1/properties/ (search)", paths, f"Api-Key {secret}"),
                ("  bare Django JSON view", ["/listings/bench/bare"], ""),
            ):
                rate, p50, p95, p99, bad = wrk_load(
                    base, urls, auth=auth, seconds=args.seconds, clients=args.clients
                )
                print(
                    f"{name:<34} {rate:7.0f} req/s   p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   "
                    f"p99 {p99:6.1f} ms" + (f"   !! {bad} non-2xx" if bad else "")
                )
        print("floor p95 < 100 ms, goal p95 < 30 ms")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
