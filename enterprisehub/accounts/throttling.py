"""Per-client throttle: one bucket per API key, else per user, else per IP address.

On Redis the window is a sorted set of request times, trimmed, counted and extended by one Lua
script (one round-trip, one reply): exact (a sliding minute, like DRF's), atomic across every
worker, and O(log n) whatever the rate; a refused request is not added to the window. DRF's
own implementation reads a pickled list of every timestamp in the window and writes it back,
which races between workers and grows with the rate. Other caches (locmem in
the demo) keep DRF's behaviour.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.throttling import SimpleRateThrottle

from enterprisehub.accounts.models import ApiKey

_windows: dict[int, object] = {}  # cache backend id -> the window script on its client

# KEYS[1] the window; ARGV now, window seconds, limit, member. Returns {1} when allowed, else
# {0, score of the oldest request in the window} (as a string: Lua numbers become integers).
WINDOW_LUA = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[4])
  redis.call('EXPIRE', KEYS[1], math.floor(window) + 1)
  return {1}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, oldest[2]}
"""


def _window_script():
    """The window script bound to this process's Redis client for the default cache, or None
    when the cache is not Redis."""
    default = caches["default"]
    if not isinstance(default, RedisCache):
        return None
    backend = default._cache
    window = _windows.get(id(backend))
    if window is None:  # django builds a client per call; one per process is enough
        client = backend.get_client(write=True)
        window = _windows[id(backend)] = client.register_script(WINDOW_LUA)
    return window


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
        window = _window_script()
        if window is None or self.rate is None:
            return super().allow_request(request, view)
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        key = cache.make_and_validate_key(self.key)
        self.now = self.timer()
        member = f"{self.now}:{uuid.uuid4().hex}"
        allowed, *oldest = window(
            keys=[key], args=[repr(self.now), self.duration, self.num_requests, member]
        )
        if allowed:
            return True
        self.history = [float(oldest[0])] if oldest else [self.now]
        self.history *= self.num_requests  # wait(): the window is full until the oldest expires
        return False
