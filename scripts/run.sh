#!/usr/bin/env bash
# One command from a fresh clone to a running EnterpriseHub on http://127.0.0.1:8000
# (venv, install, migrate, demo data, serve). SQLite and in-process defaults unless
# DATABASE_URL / REDIS_URL are set; with REDIS_URL a Celery worker runs beside the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

$PY manage.py migrate --noinput
$PY manage.py collectstatic --noinput --verbosity 0
$PY manage.py seed_demo

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
  echo "==> starting a Celery worker and beat (REDIS_URL is set)"
  .venv/bin/celery -A enterprisehub worker --beat --loglevel=INFO --concurrency=2 &
  pids+=($!)
fi
echo "==> EnterpriseHub on http://$HOST:$PORT/admin/  (Ctrl-C stops it)"
.venv/bin/daphne -b "$HOST" -p "$PORT" enterprisehub.asgi:application
