"""One GHL rate limit for the whole deployment: a Redis bucket shared by every worker and process.

GHL allows 100 requests per 10 s per location. Each request takes a token, and a token comes
back to the bucket exactly one interval (plus a small margin for network jitter) after it was
spent, so no window of that length ever holds more than the limit. A classic refilling bucket
would let 200 through in the 10 s after a full burst. The times come from Redis itself (TIME),
so the clocks of the workers do not matter. A pause key stops everyone at once: GHL said 429
with Retry-After, its X-RateLimit-Remaining reached 0, or the daily quota is nearly spent.

Without Redis (the demo) the same rules hold inside one process.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Mapping

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

from leads.ghl.conf import GhlConfig
from leads.ghl.exceptions import GhlRateLimitedError

log = logging.getLogger(__name__)
QUOTA_PAUSE_SECONDS = 600  # daily quota nearly spent: look again in ten minutes

# KEYS[1] window (sorted set of spend times, ms), KEYS[2] pause flag.
# ARGV limit, interval in ms, member. Returns {1, 0} when a token was taken, else {0, ms to wait}.
TAKE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[2])
if paused > 0 then return {0, paused} end
local interval = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], interval + 1000)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return {0, math.max(1, tonumber(oldest[2]) + interval - now + 1)}
"""
_scripts: dict[int, object] = {}
_local_windows: dict[str, deque] = {}
_local_pauses: dict[str, float] = {}
_local_lock = threading.Lock()


def _redis_script():
    default = caches["default"]
    if not isinstance(default, RedisCache):
        return None
    backend = default._cache
    script = _scripts.get(id(backend))
    if script is None:
        script = _scripts[id(backend)] = backend.get_client(write=True).register_script(TAKE_LUA)
    return script


class RateLimiter:
    """The shared bucket of one location."""

    def __init__(
        self,
        *,
        location_id: str,
        limit: int,
        interval: float,
        margin: float = 0.0,
        daily_reserve: int = 0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.location_id = location_id
        self.limit = limit
        self.interval_ms = int((interval + margin) * 1000)
        self.daily_reserve = daily_reserve
        self.sleep = sleep
        self.window_key = cache.make_and_validate_key(f"ghl:rl:{location_id}")
        self.pause_key = cache.make_and_validate_key(f"ghl:rl:{location_id}:pause")
        self.daily_key = f"ghl:rl:{location_id}:daily"

    @classmethod
    def for_config(cls, config: GhlConfig, **kwargs) -> RateLimiter:
        return cls(
            location_id=config.location_id,
            limit=config.rate_requests,
            interval=config.rate_interval,
            margin=config.rate_margin,
            daily_reserve=config.daily_reserve,
            **kwargs,
        )

    def try_take(self) -> float:
        """Take a token now and return 0, or return the seconds until one is free."""
        script = _redis_script()
        if script is None:
            return self._local_take()
        taken, wait_ms = script(
            keys=[self.window_key, self.pause_key],
            args=[self.limit, self.interval_ms, uuid.uuid4().hex],
        )
        return 0.0 if taken else int(wait_ms) / 1000

    def _local_take(self) -> float:
        now = time.monotonic()
        with _local_lock:
            paused_until = _local_pauses.get(self.pause_key, 0.0)
            if paused_until > now:
                return paused_until - now
            window = _local_windows.setdefault(self.window_key, deque())
            while window and window[0] <= now - self.interval_ms / 1000:
                window.popleft()
            if len(window) < self.limit:
                window.append(now)
                return 0.0
            return window[0] + self.interval_ms / 1000 - now

    def take(self, *, max_wait: float) -> None:
        """Wait up to `max_wait` seconds for a token; GhlRateLimitedError when none comes."""
        waited = 0.0
        while True:
            wait = self.try_take()
            if wait <= 0:
                return
            if waited + wait > max_wait:
                raise GhlRateLimitedError("GHL rate limit: no request free now", retry_after=wait)
            wait += random.uniform(0, 0.02)  # spread the wake-ups of waiting workers
            self.sleep(wait)
            waited += wait

    def pause(self, seconds: float) -> None:
        """Stop every process from calling GHL for `seconds`."""
        ms = max(1, int(seconds * 1000))
        script = _redis_script()
        if script is None:
            with _local_lock:
                _local_pauses[self.pause_key] = time.monotonic() + ms / 1000
            return
        caches["default"]._cache.get_client(write=True).set(self.pause_key, 1, px=ms)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Read GHL's X-RateLimit-* headers: the daily quota left, and the burst left."""
        daily = _int(headers.get("X-RateLimit-Daily-Remaining"))
        if daily is not None:
            cache.set(self.daily_key, daily, timeout=86400)
            if daily <= self.daily_reserve:
                log.warning("GHL daily quota nearly spent (%s left): pausing calls", daily)
                self.pause(QUOTA_PAUSE_SECONDS)
        remaining = _int(headers.get("X-RateLimit-Remaining"))
        if remaining is not None and remaining <= 0:
            interval = _int(headers.get("X-RateLimit-Interval-Milliseconds")) or 10_000
            self.pause(interval / 1000)

    def daily_remaining(self) -> int | None:
        """The daily quota GHL last reported for this location, if any."""
        return cache.get(self.daily_key)


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None
