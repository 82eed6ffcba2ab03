"""Per-client throttle: one bucket per API key, else per user, else per IP address.

On Redis the window is a sorted set of request times, trimmed, counted and extended in one
MULTI round-trip: exact (a sliding minute, like DRF's), atomic across every worker, and O(log n)
whatever the rate. DRF's own implementation reads a pickled list of every timestamp in the window
and writes it back, which races between workers and grows with the rate. Other caches (locmem in
the demo) keep DRF's behaviour.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from enterprisehub.accounts.models import ApiKey

_clients: dict[int, object] = {}


def _redis_client():
    """The process's Redis client for the default cache, or None when it is not Redis."""
    default = caches["default"]
    if not isinstance(default, RedisCache):
        return None
    backend = default._cache
    client = _clients.get(id(backend))
    if client is None:  # django builds a client per call; one per process is enough
        client = _clients[id(backend)] = backend.get_client(write=True)
    return client


class ClientRateThrottle(SimpleRateThrottle):
    scope = "client"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            ident = f"key:{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            ident = f"ip:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allow_request(self, request, view) -> bool:
        client = _redis_client()
        if client is None or self.rate is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        key = cache.make_and_validate_key(self.key)
        self.now = self.timer()
        member = f"{self.now}:{uuid.uuid4().hex}"
        pipe = client.pipeline(transaction=True)
        pipe.zremrangebyscore(key, "-inf", self.now - self.duration)
        pipe.zadd(key, {member: self.now})
        pipe.zcard(key)
        pipe.zrange(key, 0, 0, withscores=True)
        pipe.expire(key, int(self.duration) + 1)
        _, _, count, oldest, _ = pipe.execute()
        if count <= self.num_requests:
            return True
        client.zrem(key, member)  # refused requests do not count against the window
        self.history = [oldest[0][1]] if oldest else [self.now]
        self.history *= self.num_requests  # wait(): the window is full until the oldest expires
        return False
