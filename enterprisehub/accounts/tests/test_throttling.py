"""100 requests a minute per API key and per user, counted in the real Redis cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIClient

from enterprisehub.accounts.services import api_key_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/leads/"
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
THROTTLED = {
    "error": "throttled",
    "message": "Request was throttled. Expected available in 60 seconds.",
    "field": None,
    "code": "RATE_LIMITED",
}


def _statuses(client: APIClient, n: int) -> list[int]:
    return [client.get(URL).status_code for _ in range(n)]


def test_101st_request_in_a_minute_with_an_api_key_gets_429(agent):
    assert isinstance(caches["default"], RedisCache)  # the real shared store, not locmem
    key, secret = api_key_create(user=agent, name="load")
    client = APIClient(HTTP_X_API_KEY=secret)

    with time_machine.travel(START, tick=False) as clock:
        first_hundred = _statuses(client, 100)
        throttled = client.get(URL)
        clock.shift(timedelta(seconds=60))
        next_minute = client.get(URL)

    assert first_hundred == [200] * 100
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "60"
    assert throttled.json() == THROTTLED
    assert next_minute.status_code == 200
    bucket = cache.make_key(f"throttle_client_key:{key.pk}")
    assert redis.Redis.from_url(settings.REDIS_URL).exists(bucket) == 1


def test_retry_after_counts_down_from_the_oldest_request_in_the_window(agent):
    _, secret = api_key_create(user=agent, name="spread")
    client = APIClient(HTTP_X_API_KEY=secret)

    with time_machine.travel(START, tick=False) as clock:
        early = _statuses(client, 40)
        clock.shift(timedelta(seconds=20))
        later = _statuses(client, 60)
        clock.shift(timedelta(seconds=15))
        refused = [client.get(URL) for _ in range(3)]
        clock.shift(timedelta(seconds=26))  # the 40 early ones have left the window
        freed = _statuses(client, 40)
        over = client.get(URL)

    assert early + later == [200] * 100
    assert [r.status_code for r in refused] == [429] * 3
    assert refused[0]["Retry-After"] == "25"  # 60 s after the first request, 35 s have passed
    assert freed == [200] * 40  # refused requests did not take places in the window
    assert over.status_code == 429
    assert over["Retry-After"] == "19"  # the 60 later ones were made 41 s ago


def test_each_api_key_has_its_own_bucket(agent):
    _, busy = api_key_create(user=agent, name="busy")
    _, quiet = api_key_create(user=agent, name="quiet")

    with time_machine.travel(START, tick=False):
        _statuses(APIClient(HTTP_X_API_KEY=busy), 100)
        busy_again = APIClient(HTTP_X_API_KEY=busy).get(URL)
        quiet_first = APIClient(HTTP_X_API_KEY=quiet).get(URL)

    assert (busy_again.status_code, quiet_first.status_code) == (429, 200)


def test_101st_request_in_a_minute_by_a_signed_in_user_gets_429(agent, other_agent):
    client = APIClient()
    client.force_authenticate(agent)
    neighbour = APIClient()
    neighbour.force_authenticate(other_agent)

    with time_machine.travel(START, tick=False):
        first_hundred = _statuses(client, 100)
        throttled = client.get(URL)
        neighbours_request = neighbour.get(URL)

    assert first_hundred == [200] * 100
    assert throttled.status_code == 429
    assert throttled.json() == THROTTLED
    assert neighbours_request.status_code == 200


def test_concurrent_requests_never_get_more_than_the_limit(agent):
    """Eight threads hammer one bucket: exactly 100 pass, whatever the interleaving."""
    from concurrent.futures import ThreadPoolExecutor

    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from enterprisehub.accounts.throttling import ClientRateThrottle

    key, _ = api_key_create(user=agent, name="threads")

    def attempt(_: int) -> bool:
        request = Request(APIRequestFactory().get(URL))
        request._user, request._auth = agent, key
        return ClientRateThrottle().allow_request(request, None)

    with ThreadPoolExecutor(max_workers=8) as pool:
        allowed = list(pool.map(attempt, range(160)))

    assert allowed.count(True) == 100
    bucket = cache.make_key(f"throttle_client_key:{key.pk}")
    assert redis.Redis.from_url(settings.REDIS_URL).zcard(bucket) == 100
