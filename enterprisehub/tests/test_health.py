"""/healthz answers while the process is up; /readyz names each dependency that is down.

Failures are real: the cache and the broker are pointed at a port where no Redis listens.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db

NOBODY_LISTENS = "redis://127.0.0.1:6390/0"
DEAD_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": NOBODY_LISTENS,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}


def _ready():
    response = Client().get("/readyz")
    body = response.json()
    return response, body, {name: check["ok"] for name, check in body["checks"].items()}


def test_healthz_says_ok():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_is_200_when_everything_answers():
    response, body, ok = _ready()

    assert response.status_code == 200
    assert (body["status"], body["failed"]) == ("ok", [])
    assert ok == {"database": True, "cache": True, "broker": True}


def test_readyz_is_503_naming_the_cache_when_redis_is_down():
    with override_settings(CACHES=DEAD_CACHE):
        response, body, ok = _ready()

    assert response.status_code == 503
    assert (body["status"], body["failed"]) == ("unavailable", ["cache"])
    assert ok == {"database": True, "cache": False, "broker": True}
    assert body["checks"]["cache"]["error"] == "ConnectionError"


def test_readyz_is_503_naming_the_broker_when_it_is_unreachable():
    with override_settings(CELERY_BROKER_URL=NOBODY_LISTENS):
        response, body, ok = _ready()

    assert response.status_code == 503
    assert (body["status"], body["failed"]) == ("unavailable", ["broker"])
    assert ok == {"database": True, "cache": True, "broker": False}
    assert body["checks"]["broker"]["error"] == "OperationalError"


def test_readyz_names_both_when_all_of_redis_is_gone():
    with override_settings(CACHES=DEAD_CACHE, CELERY_BROKER_URL=NOBODY_LISTENS):
        response, body, _ = _ready()

    assert response.status_code == 503
    assert body["failed"] == ["cache", "broker"]


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_head_but_not_post(path):
    client = Client()

    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
