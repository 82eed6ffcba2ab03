"""Lead API speed under the production layout: gunicorn (2 sync workers), PostgreSQL, Redis.

Creates a separate database, migrates it, inserts 10,000 leads (real encryption and blind
indexes), issues an API key, starts gunicorn with DEBUG off and the API throttle raised, then
drives each endpoint with 20 concurrent clients for a fixed time and prints p50/p95/p99 and
req/s beside a bare Django JSON view on the same server. Stops the server and exits.

    .venv/bin/python bench/api_leads.py [--leads 10000] [--duration 10] [--concurrency 20]

See bench/README.md. Numbers, not assertions: goals are lookup p95 < 50 ms, list p95 < 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from serving import production_env  # noqa: E402  (bench/ is put on the path just above)

PHONE_PREFIX = "+1512555"  # 10,000 valid, unassigned 555 numbers: +15125550000..+15125559999


@dataclass
class Result:
    name: str
    latencies: list[float] = field(default_factory=list)  # seconds (httpx client)
    errors: dict[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    requests: int = 0
    summary: tuple[float, float, float, float] | None = None  # p50, p95, p99, mean in ms (wrk)

    def row(self) -> str:
        errors = sum(self.errors.values())
        if self.summary is None:
            lat = sorted(self.latencies)
            if not lat:
                return f"{self.name:<32} no successful requests; errors {self.errors}"

            def pct(p: float) -> float:
                return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000

            self.requests = len(lat) + errors
            self.summary = (pct(50), pct(95), pct(99), statistics.fmean(lat) * 1000)
        p50, p95, p99, mean = self.summary
        return (
            f"{self.name:<32} {self.requests / self.elapsed:>8.0f} {p50:>8.1f} {p95:>8.1f} "
            f"{p99:>8.1f} {mean:>8.1f} {self.requests:>8} {errors:>6}"
        )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8301)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--db", default="eh_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--keep-db", action="store_true", help="leave the database behind")
    parser.add_argument("--max-requests", type=int, default=200_000, help="cap (httpx client)")
    parser.add_argument(
        "--client", choices=("auto", "wrk", "httpx"), default="auto", help="wrk when installed"
    )
    return parser.parse_args()


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    """Production settings with DEBUG off, local hosts, no TLS redirect, throttle raised."""
    return production_env(database_url=f"{args.pg}/{args.db}", redis_url=args.redis_url)


def recreate_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
        conn.execute(f'CREATE DATABASE "{args.db}"')


def drop_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.pg}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')


def prepare_data(count: int) -> tuple[str, list[str]]:
    """Migrate, insert `count` leads in bulk, create a broker's API key; (secret, phones)."""
    import django

    django.setup()
    from django.core.management import call_command

    from enterprisehub import pii
    from enterprisehub.accounts import roles
    from enterprisehub.accounts.models import User
    from enterprisehub.accounts.services import api_key_create, roles_ensure
    from leads.models import Lead

    call_command("migrate", verbosity=0, interactive=False)
    (ROOT / "staticfiles").mkdir(exist_ok=True)  # whitenoise warns about a missing STATIC_ROOT
    broker = User.objects.create_user(username="bench-broker", is_staff=True)
    broker.groups.add(roles_ensure()[roles.BROKERS])
    rng = random.Random(10_000)
    phones = [f"{PHONE_PREFIX}{n:04d}" for n in range(count)]
    started = time.perf_counter()
    rows = []
    for n, phone in enumerate(phones):
        email = f"lead{n}@example.com"
        rows.append(
            Lead(
                first_name=rng.choice(("Ana", "Ben", "Chen", "Dana", "Eli", "Fatima", "Gus")),
                last_name=rng.choice(("Garcia", "Nguyen", "Smith", "Patel", "Kim", "Lopez")),
                phone=phone,
                phone_hash=pii.blind_index("phone", phone),
                email=email,
                email_hash=pii.blind_index("email", email),
                source=rng.choice(("ghl_sms", "ghl_form", "zillow", "website")),
                stage=rng.choice(("new", "engaged", "qualified", "nurture")),
                score=rng.randint(1, 10),
            )
        )
    Lead.objects.bulk_create(rows, batch_size=1000)
    print(f"inserted {count} leads in {time.perf_counter() - started:.1f} s", flush=True)
    _, secret = api_key_create(user=broker, name="bench")
    return secret, phones


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    cmd = [
        str(Path(sys.executable).parent / "gunicorn"),
        "enterprisehub.wsgi:application",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        "--backlog=2048",
        "--log-level=warning",
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)


def wait_ready(base: str, proc: subprocess.Popen, timeout: float = 30) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


async def drive(name, base, paths: list[str], headers, args) -> Result:
    """`concurrency` clients, each sending one request after another until the time is up."""
    import httpx

    result = Result(name)
    limits = httpx.Limits(max_connections=args.concurrency, max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits) as client:
        start = time.perf_counter()
        measure_from = start + args.warmup
        stop_at = measure_from + args.duration
        budget = [args.max_requests]

        async def one_client(rng: random.Random) -> None:
            while time.perf_counter() < stop_at and budget[0] > 0:
                budget[0] -= 1
                sent = time.perf_counter()
                try:
                    response = await client.get(rng.choice(paths), timeout=30)
                    status = response.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                took = time.perf_counter() - sent
                if sent < measure_from:
                    continue
                if status == 200:
                    result.latencies.append(took)
                else:
                    result.errors[str(status)] = result.errors.get(str(status), 0) + 1

        await asyncio.gather(*(one_client(random.Random(i)) for i in range(args.concurrency)))
        result.elapsed = min(time.perf_counter(), stop_at) - measure_from
    return result


WRK_SCRIPT = """
local paths = {%(paths)s}
wrk.headers["Authorization"] = "%(auth)s"
wrk.headers["Accept"] = "application/json"
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f %%f\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def drive_wrk(name, base, paths: list[str], headers, args) -> Result:
    """wrk (C, so the client is not the bottleneck): warm up, then one timed run."""
    import tempfile

    lua = WRK_SCRIPT % {
        "paths": ", ".join(f'"{p}"' for p in paths),
        "auth": headers["Authorization"],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(lua)
    try:
        common = ["wrk", "-t2", f"-c{args.concurrency}", "-s", fh.name, "--timeout", "30s"]
        subprocess.run([*common, f"-d{max(args.warmup, 1):.0f}s", base], capture_output=True)
        out = subprocess.run(
            [*common, f"-d{args.duration:.0f}s", base], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(fh.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    requests, errors, duration_us, p50, p95, p99, mean = (float(x) for x in line.split()[1:])
    return Result(
        name,
        elapsed=duration_us / 1e6,
        requests=int(requests),
        errors={"any": int(errors)},
        summary=(p50 / 1000, p95 / 1000, p99 / 1000, mean / 1000),
    )


def sanity_check(base: str, headers: dict[str, str], phones: list[str]) -> bool:
    """The API answers as documented before anything is timed; False when it is not there."""
    import httpx

    phone = phones[len(phones) // 2]
    r = httpx.get(f"{base}/api/v1/leads/?phone={quote(phone)}", headers=headers, timeout=10)
    if r.status_code == 404:  # the list answers 200 even when nothing matches
        print("no lead API at /api/v1/leads/ in this checkout: measuring the bare view only")
        return False
    if r.status_code != 200:
        raise SystemExit(f"lookup by phone answered {r.status_code}: {r.text[:300]}")
    body = r.json()
    found = body.get("results", body if isinstance(body, list) else [])
    if len(found) != 1 or found[0].get("phone") != phone:
        raise SystemExit(f"lookup by phone did not return exactly that lead: {str(body)[:300]}")
    r = httpx.get(f"{base}/api/v1/leads/", headers=headers, timeout=10)
    if r.status_code != 200 or not r.json().get("results"):
        raise SystemExit(f"lead list answered {r.status_code}: {r.text[:300]}")
    print(f"sanity: lookup found the lead; list page has {len(r.json()['results'])} leads")
    return True


def main() -> int:
    args = parse_args()
    env = bench_env(args)
    os.environ.update(env)
    print(f"database {args.db}: recreating, migrating, inserting {args.leads} leads", flush=True)
    recreate_database(args)
    proc = None
    try:
        secret, phones = prepare_data(args.leads)
        proc = start_server(args, env)
        base = f"http://127.0.0.1:{args.port}"
        wait_ready(base, proc)
        headers = {"Authorization": f"Api-Key {secret}", "Accept": "application/json"}
        has_api = sanity_check(base, headers, phones)
        sample = random.Random(1).sample(phones, min(len(phones), 2000))
        scenarios = [
            ("bare Django JSON view", ["/bench/bare"]),
            ("lead lookup by phone", [f"/api/v1/leads/?phone={quote(p)}" for p in sample]),
            ("lead list, first page (50)", ["/api/v1/leads/"]),
        ][: 3 if has_api else 1]
        use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
        print(
            f"\ngunicorn {args.workers} sync workers, {args.concurrency} concurrent clients, "
            f"{args.duration:.0f} s each, {args.leads} leads in PostgreSQL, "
            f"client {'wrk' if use_wrk else 'httpx (asyncio)'}\n"
        )
        print(
            f"{'endpoint':<32} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'mean ms':>8} {'requests':>8} {'errors':>6}"
        )
        failed = False
        for name, paths in scenarios:
            if use_wrk:
                result = drive_wrk(name, base, paths, headers, args)
            else:
                result = asyncio.run(drive(name, base, paths, headers, args))
            print(result.row(), flush=True)
            failed |= bool(result.errors)
        return 1 if failed else 0
    finally:
        if proc is not None:
            stop_server(proc)
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(args)


if __name__ == "__main__":
    sys.exit(main())
