#!/usr/bin/env bash
# Create/refresh .venv with a Python >= 3.12 and install requirements (dev ones with --dev).
# Usage: scripts/bootstrap.sh [--dev]
set -euo pipefail
cd "$(dirname "$0")/.."

want_dev=0
[ "${1:-}" = "--dev" ] && want_dev=1

works() {  # does this interpreter actually run, and is it >= 3.12?
  "$@" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local candidates=()
  [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
  candidates+=(python3.14 python3.13 python3.12 python3)
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && works "$c"; then command -v "$c"; return 0; fi
  done
  # pyenv installs, whose shims refuse to run unless a version is selected; also found when
  # pyenv itself is not on PATH (CI, cron, a non-login shell).
  local root="${PYENV_ROOT:-$HOME/.pyenv}"
  command -v pyenv >/dev/null 2>&1 && root=$(pyenv root)
  for d in "$root"/versions/3.14* "$root"/versions/3.13* "$root"/versions/3.12*; do
    [ -x "$d/bin/python" ] && works "$d/bin/python" && { echo "$d/bin/python"; return 0; }
  done
  for d in /usr/local/bin/python3.1[234] /usr/bin/python3.1[234]; do
    [ -x "$d" ] && works "$d" && { echo "$d"; return 0; }
  done
  return 1
}

if [ -x .venv/bin/python ] && works .venv/bin/python; then
  :
else
  if ! py=$(find_python); then
    echo "EnterpriseHub needs Python 3.12 or newer (Django 6.1 requires it) and none was found." >&2
    echo "Install one, e.g. 'apt-get install python3.12 python3.12-venv', 'pyenv install 3.12'," >&2
    echo "or point PYTHON=/path/to/python3.12 at it, then run this again." >&2
    exit 1
  fi
  echo "==> creating .venv with $py ($("$py" -c 'import sys; print(sys.version.split()[0])'))"
  rm -rf .venv
  "$py" -m venv .venv
fi

req=requirements.txt
[ "$want_dev" = 1 ] && req=requirements-dev.txt
stamp=".venv/.installed-$(basename "$req" .txt)"
digest=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$digest" ]; then
  echo "==> installing $req into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$digest" > "$stamp"
fi
