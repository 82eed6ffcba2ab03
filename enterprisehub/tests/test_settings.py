"""The settings contract: in-process defaults without services, real ones with them, and a
production mode that refuses to start without real secrets. Each case imports the settings in a
fresh interpreter with a controlled environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from enterprisehub import devkeys

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "db": settings.DATABASES["default"]["ENGINE"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "layer": settings.CHANNEL_LAYERS["default"]["BACKEND"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG,
    "beat": sorted(settings.CELERY_BEAT_SCHEDULE),
}))
"""
SECRETS = ("SECRET_KEY", "FERNET_KEYS", "PII_HASH_KEY")


def _settings_in(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", *SECRETS}}
    base.update({"DJANGO_SETTINGS_MODULE": "enterprisehub.settings", "PYTHONPATH": str(ROOT)})
    base.pop("ENTERPRISEHUB_TESTING", None)
    base.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        env=base,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_services_everything_runs_in_process(tmp_path):
    result = _settings_in({}, tmp_path)

    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["db"] == "django.db.backends.sqlite3"
    assert got["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert got["layer"] == "channels.layers.InMemoryChannelLayer"
    assert (got["eager"], got["broker"]) == (True, "memory://")
    assert got["debug"] is True
    assert {"mls-nightly-import", "nurture-hourly", "stripe-reconcile-nightly"} <= set(got["beat"])


def test_with_services_it_uses_postgres_and_redis(tmp_path):
    result = _settings_in(
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/enterprisehub",
            "REDIS_URL": "redis://127.0.0.1:6379/9",
        },
        tmp_path,
    )

    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout)
    assert got["db"] == "django.db.backends.postgresql"
    assert got["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert got["layer"] == "channels_redis.core.RedisChannelLayer"
    assert (got["eager"], got["broker"]) == (False, "redis://127.0.0.1:6379/9")


@pytest.mark.parametrize("missing", SECRETS)
def test_production_refuses_to_start_without_each_secret(tmp_path, missing):
    env = {"ENTERPRISEHUB_ENV": "production", "ALLOWED_HOSTS": "hub.example.com"}
    env.update({name: "x" * 60 for name in SECRETS if name != missing})

    result = _settings_in(env, tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_development_keys_are_generated_once_and_reused(tmp_path, capsys):
    path = tmp_path / ".dev-keys.json"

    first = devkeys.load_or_create(path, names=SECRETS)
    announced = capsys.readouterr().err
    second = devkeys.load_or_create(path, names=SECRETS)

    assert "generated development keys" in announced
    assert "generated" not in capsys.readouterr().err
    assert first == second
    assert set(SECRETS) <= set(first)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
