#!/usr/bin/env bash
# Set up and run the whole test suite against PostgreSQL and Redis.
# DATABASE_URL / REDIS_URL default to the local services (127.0.0.1:5432, :6379).
# Extra arguments go to pytest (e.g. scripts/test.sh leads -k phone).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --dev

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/enterprisehub}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
export ENTERPRISEHUB_TESTING=1

.venv/bin/python - <<'PY'
import os, sys, socket, urllib.parse
for name in ("DATABASE_URL", "REDIS_URL"):
    url = urllib.parse.urlparse(os.environ[name])
    if url.scheme.startswith("sqlite"):
        continue
    port = url.port or {"postgres": 5432, "postgresql": 5432, "redis": 6379}.get(url.scheme, 0)
    try:
        socket.create_connection((url.hostname or "127.0.0.1", port), timeout=3).close()
    except OSError as exc:
        sys.exit(f"{name} ({url.hostname}:{port}) is not reachable: {exc}. Start PostgreSQL and "
                 "Redis (or 'docker compose up -d postgres redis'), or point the variable at them.")
PY

workers=${PYTEST_WORKERS:-2}
exec .venv/bin/pytest -n "$workers" -p xdist --dist loadfile "$@"
