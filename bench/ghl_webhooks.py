"""GHL webhook intake under the production layout: gunicorn, PostgreSQL, Redis.

Creates a separate database, generates an Ed25519 key pair (the server verifies with the public
half), signs a realistic mix of events (InboundMessage most, then contact, tag, appointment and
outbound events; 10 % of the requests are redeliveries of an event already sent), starts gunicorn
with production settings, and drives 50 concurrent senders at the webhook and at a bare Django
JSON view on the same server in the same run. Prints req/s, p50/p95/p99 and a count check:
every event sent is stored exactly once, and queued for processing once.

    .venv/bin/python bench/ghl_webhooks.py [--duration 10] [--concurrency 50] [--workers 4]

The load generator is wrk (C) when installed, else an asyncio + httpx client. Figures, not
assertions: the goal is webhook throughput >= 0.3x the bare view's, p95 < 50 ms, nothing lost.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from api_leads import drop_database, recreate_database, start_server, stop_server, wait_ready  # noqa: E402
from serving import production_env  # noqa: E402

PATH = "/api/v1/webhooks/ghl/"
MIX = [  # (share, event type)
    (0.60, "InboundMessage"),
    (0.12, "ContactUpdate"),
    (0.10, "ContactCreate"),
    (0.06, "ContactTagUpdate"),
    (0.06, "AppointmentCreate"),
    (0.06, "OutboundMessage"),
]
REDELIVERY_SHARE = 0.10


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per endpoint")
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8302)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432", help="server URL")
    parser.add_argument("--db", default="eh_bench_ghl")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"
    )
    parser.add_argument("--events", type=int, default=60_000, help="signed requests prepared")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--client", choices=("auto", "wrk", "httpx"), default="auto", help="wrk when installed"
    )
    return parser.parse_args()


# --- the events ---------------------------------------------------------------------------------


def _contact(kind: str, rng: random.Random, base: dict, contact: str, stamp: str) -> dict:
    return {
        **base,
        "id": contact,
        "firstName": rng.choice(["Ana", "Ben", "Chen", "Dana"]),
        "lastName": rng.choice(["Garcia", "Nguyen", "Smith"]),
        "phone": f"+1512555{rng.randrange(10000):04d}",
        "email": f"{contact}@example.com",
        "tags": ["buyer"]
        + (["AI-Off"] if kind == "ContactTagUpdate" and rng.random() < 0.5 else []),
        "dnd": False,
        "dateAdded": stamp,
    }


def _payload(kind: str, rng: random.Random, stamp: str) -> dict:
    contact = f"c{rng.randrange(5000):05d}"
    base = {
        "type": kind,
        "locationId": "loc-bench",
        "webhookId": str(uuid.uuid4()),
        "timestamp": stamp,
    }
    message = {"contactId": contact, "messageId": uuid.uuid4().hex[:20], "messageType": "SMS"}
    if kind == "InboundMessage":
        texts = ["Is it still available?", "Can we tour Saturday?", "STOP", "What's the HOA?"]
        return {
            **base,
            **message,
            "conversationId": f"conv-{contact}",
            "body": rng.choice(texts),
            "contentType": "text/plain",
            "direction": "inbound",
            "status": "delivered",
            "attachments": [],
            "dateAdded": stamp,
        }
    if kind == "OutboundMessage":
        return {
            **base,
            **message,
            "userId": "u1",
            "body": "Hi, this is Maria.",
            "direction": "outbound",
        }
    if kind == "AppointmentCreate":
        appointment = {
            "id": uuid.uuid4().hex[:12],
            "contactId": contact,
            "calendarId": "cal-1",
            "startTime": stamp,
        }
        return {**base, "appointment": appointment}
    return _contact(kind, rng, base, contact, stamp)


def make_requests(count: int, key) -> list[tuple[str, str, str]]:
    """(webhookId, signature, body) per request; about 10 % repeat an earlier event's bytes."""
    rng = random.Random(7)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    kinds, weights = zip(*[(k, w) for w, k in MIX], strict=True)
    sent: list[tuple[str, str, str]] = []
    for _ in range(count):
        if sent and rng.random() < REDELIVERY_SHARE:
            sent.append(sent[rng.randrange(len(sent))])
            continue
        payload = _payload(rng.choices(kinds, weights)[0], rng, stamp)
        body = json.dumps(payload, separators=(",", ":"))
        signature = base64.b64encode(key.sign(body.encode())).decode()
        sent.append((payload["webhookId"], signature, body))
    return sent


# --- load ---------------------------------------------------------------------------------------

WRK_LUA = r"""
local counter, threads = 0, {}
function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end
function init(args)
  reqs, i, bad = {}, 0, 0
  if args[1] == "bare" then
    reqs[1] = wrk.format("GET", "/bench/bare")
  else
    for line in io.lines(args[1] .. "." .. id) do
      local sig, body = line:match("^([^\t]*)\t(.*)$")
      reqs[#reqs + 1] = wrk.format("POST", "%(path)s",
        {["Content-Type"] = "application/json", ["X-GHL-Signature"] = sig}, body)
    end
  end
end
function request()
  i = i + 1
  return reqs[((i - 1) %% #reqs) + 1]
end
function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    io.write(string.format("THREAD %%d %%d %%d\n", t:get("id"), t:get("i"), t:get("bad")))
  end
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f %%f\n", summary.requests,
    e.connect + e.read + e.write + e.timeout + e.status, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
"""


def run_wrk(base: str, target: str, args, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_LUA % {"path": PATH})
    try:
        cmd = [
            "wrk",
            f"-t{threads}",
            f"-c{args.concurrency}",
            f"-d{args.duration:.0f}s",
            "--timeout",
            "30s",
            "-s",
            fh.name,
            base,
            "--",
            target,
        ]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(fh.name)
    result = {"issued": {}, "bad": 0}
    for line in out.splitlines():
        if line.startswith("THREAD "):
            _, tid, issued, bad = line.split()
            result["issued"][int(tid)] = int(issued)
            result["bad"] += int(bad)
        elif line.startswith("RESULT "):
            requests, errors, micros, p50, p95, p99, mean = (float(x) for x in line.split()[1:])
            result.update(
                requests=int(requests),
                errors=int(errors),
                seconds=micros / 1e6,
                p50=p50 / 1000,
                p95=p95 / 1000,
                p99=p99 / 1000,
                mean=mean / 1000,
            )
    return result


def run_httpx(base: str, bodies: list[tuple[str, str, str]] | None, args) -> dict:
    """Fallback load: asyncio + httpx (the client, not the server, limits it)."""
    import asyncio

    import httpx

    latencies: list[float] = []
    errors = 0
    position = [0]

    async def main():
        nonlocal errors
        limits = httpx.Limits(max_connections=args.concurrency)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            stop_at = time.perf_counter() + args.duration

            async def sender():
                nonlocal errors
                while time.perf_counter() < stop_at:
                    started = time.perf_counter()
                    if bodies is None:
                        response = await client.get("/bench/bare")
                    else:
                        _, sig, body = bodies[position[0] % len(bodies)]
                        position[0] += 1
                        response = await client.post(
                            PATH,
                            content=body,
                            headers={"Content-Type": "application/json", "X-GHL-Signature": sig},
                        )
                    latencies.append(time.perf_counter() - started)
                    errors += response.status_code != 200

            await asyncio.gather(*(sender() for _ in range(args.concurrency)))

    started = time.perf_counter()
    asyncio.run(main())
    ordered = sorted(latencies)

    def pct(p):
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    return {
        "requests": len(ordered),
        "errors": errors,
        "bad": errors,
        "seconds": time.perf_counter() - started,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": sum(ordered) / len(ordered) * 1000,
        "issued": {0: position[0]},
    }


def server_cpu_seconds(master_pid: int) -> float | None:
    """CPU time (user + system) used so far by gunicorn's workers (Linux /proc), or None."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
        ticks = 0
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    except (OSError, IndexError, ValueError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def row(name: str, r: dict) -> str:
    return (
        f"{name:<28} {r['requests'] / r['seconds']:>8.0f} {r['p50']:>8.1f} {r['p95']:>8.1f} "
        f"{r['p99']:>8.1f} {r['requests']:>9} {r['errors'] + r['bad']:>7}"
    )


# --- the count check --------------------------------------------------------------------------


def _queued_event_ids(client, env: dict[str, str]) -> list[int]:
    """The event ids the waiting Celery messages carry (one, or a batch, per message)."""
    ids: list[int] = []
    for raw in client.lrange(env["CELERY_TASK_DEFAULT_QUEUE"], 0, -1):
        _args, kwargs, _embed = json.loads(base64.b64decode(json.loads(raw)["body"]))
        ids.extend(kwargs.get("event_ids") or [kwargs["event_id"]])
    return ids


def count_check(slices, issued: dict[int, int], base: str, env: dict[str, str]) -> tuple[bool, str]:
    """Every event sent is stored exactly once and queued once.

    A load generator stopped mid-run cuts the requests then in flight; those (at most one per
    connection) are sent again here, as GHL would on a dropped connection, before counting.
    """
    import httpx
    import psycopg
    import redis

    sent = [item for tid, items in enumerate(slices) for item in items[: issued.get(tid, 0)]]
    unique = {webhook_id for webhook_id, _, _ in sent}
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        stored = {r[0] for r in conn.execute("SELECT webhook_id FROM leads_ghlwebhookevent")}
        missing = [s for s in {w: (w, sig, b) for w, sig, b in sent}.values() if s[0] not in stored]
        for _, sig, body in missing:
            httpx.post(
                base + PATH,
                content=body,
                timeout=10,
                headers={"Content-Type": "application/json", "X-GHL-Signature": sig},
            )
        rows, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT webhook_id) FROM leads_ghlwebhookevent"
        ).fetchone()
    queued = _queued_event_ids(redis.Redis.from_url(env["REDIS_URL"]), env)
    queue = len(queued)
    ok = rows == distinct == len(unique) == len(set(queued)) == queue and set(stored) <= unique
    return ok, (
        f"sent {len(sent):,} requests ({len(sent) - len(unique):,} redeliveries) for "
        f"{len(unique):,} events; cut off by the load generator's stop and re-sent: "
        f"{len(missing)}; stored {rows:,} rows ({distinct:,} distinct); queued {queue:,} "
        f"-> {'every event stored once' if ok else 'MISMATCH'}"
    )


def prepare(args) -> tuple[dict[str, str], object]:
    """A fresh database and key pair; the server's environment and the signing key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ed25519

    key = ed25519.Ed25519PrivateKey.generate()
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    env = production_env(database_url=f"{args.pg}/{args.db}", redis_url=args.redis_url)
    env["GHL_WEBHOOK_PUBLIC_KEY"] = base64.b64encode(public).decode()
    env["CELERY_TASK_DEFAULT_QUEUE"] = f"bench-ghl-{os.getpid()}"
    os.environ.update(env)
    recreate_database(args)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    (ROOT / "staticfiles").mkdir(exist_ok=True)
    return env, key


def measure(args, base: str, pid: int, requests, slices, tmp: Path, use_wrk: bool):
    """The bare view, then the webhook, under the same load; the rows printed."""
    print(
        f"\ngunicorn {args.workers} sync workers, production settings, PostgreSQL + Redis; "
        f"{args.concurrency} concurrent senders, {args.duration:.0f} s each, "
        f"client {'wrk' if use_wrk else 'httpx (asyncio)'}\n"
    )
    print(
        f"{'endpoint':<28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'requests':>9} {'non-200':>7}"
    )
    results = []
    for target in (None, requests):
        before = server_cpu_seconds(pid)
        if use_wrk:
            results.append(
                run_wrk(base, "bare" if target is None else str(tmp / "events"), args, len(slices))
            )
        else:
            results.append(run_httpx(base, target, args))
        after = server_cpu_seconds(pid)
        results[-1]["cpu_ms"] = (
            (after - before) * 1000 / max(results[-1]["requests"], 1)
            if before is not None
            else None
        )
    bare, hook = results
    print(row("bare Django JSON view", bare))
    print(row("POST /api/v1/webhooks/ghl/", hook))
    if bare["cpu_ms"] is not None:
        print(
            f"\ngunicorn CPU per request (independent of how busy the machine is): bare "
            f"{bare['cpu_ms']:.2f} ms, webhook {hook['cpu_ms']:.2f} ms -> webhook / bare "
            f"{bare['cpu_ms'] / hook['cpu_ms']:.2f}x on the web tier"
        )
    return bare, hook


def main() -> int:
    args = parse_args()
    env, key = prepare(args)
    use_wrk = args.client == "wrk" or (args.client == "auto" and shutil.which("wrk"))
    print(f"signing {args.events:,} requests ...", flush=True)
    requests = make_requests(args.events, key)
    slices = [requests[i::2] for i in range(2)] if use_wrk else [requests]  # one per wrk thread
    proc = None
    tmp = Path(tempfile.mkdtemp(prefix="ghl-bench-"))
    try:
        for tid, items in enumerate(slices):
            (tmp / f"events.{tid}").write_text("".join(f"{s}\t{b}\n" for _, s, b in items))
        proc = start_server(args, env)
        base = f"http://127.0.0.1:{args.port}"
        wait_ready(base, proc, timeout=120)  # a busy machine starts slowly
        bare, hook = measure(args, base, proc.pid, requests, slices, tmp, use_wrk)
        time.sleep(1.0)  # let the server finish what it got
        ok, check = count_check(slices, hook["issued"], base, env)
        ratio = (hook["requests"] / hook["seconds"]) / (bare["requests"] / bare["seconds"])
        print(
            f"\nwebhook / bare throughput: {ratio:.2f}x (goal >= 0.3x); webhook p95 "
            f"{hook['p95']:.1f} ms (goal < 50 ms)"
        )
        print(f"count check: {check}")
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
        return 0 if ok and not (hook["errors"] or hook["bad"]) else 1
    finally:
        if proc is not None:
            stop_server(proc)
        shutil.rmtree(tmp, ignore_errors=True)
        import redis

        redis.Redis.from_url(args.redis_url).delete(env["CELERY_TASK_DEFAULT_QUEUE"])
        if not args.keep_db:
            from django.db import connections

            connections.close_all()
            drop_database(args)


if __name__ == "__main__":
    sys.exit(main())
