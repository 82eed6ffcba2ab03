"""Login throttling: failed logins are counted per username and per client IP in the cache.

After LOGIN_FAILURE_LIMIT failures within LOGIN_FAILURE_WINDOW seconds, login POSTs to the
paths in LOGIN_THROTTLED_PATHS (admin login, JWT token endpoint) answer 429 with Retry-After
until the window has passed, even with the right password. Failures are counted from
django.contrib.auth's `user_login_failed` signal, which every Django authentication sends
(admin form, simplejwt's serializer), so the count is exact whatever the surface.
Content-Security-Policy comes from Django's own middleware (settings.SECURE_CSP).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

from enterprisehub.errors import error_body

log = logging.getLogger(__name__)
KEY_PREFIX = "login-fail"


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind NUM_PROXIES trusted proxies, read from X-Forwarded-For."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _keys(*, username: str, ip: str) -> list[str]:
    keys = [f"{KEY_PREFIX}:ip:{ip}"]
    name = (username or "").strip().lower()
    if name:  # usernames are hashed: no account names in cache keys
        keys.append(f"{KEY_PREFIX}:user:{hashlib.sha256(name.encode()).hexdigest()[:32]}")
    return keys


def login_failure_record(*, username: str, ip: str) -> None:
    """Count one failed login against the username and the address."""
    window = settings.LOGIN_FAILURE_WINDOW
    for key in _keys(username=username, ip=ip):
        cache.add(key, 0, timeout=window)  # the window starts at the first failure
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


def login_blocked(*, username: str, ip: str) -> bool:
    """Whether the username or the address has used up its failures for this window."""
    counts = cache.get_many(_keys(username=username, ip=ip)).values()
    return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts)


def login_failures_reset(*, username: str) -> None:
    """A successful login clears the username's count (not the address's)."""
    keys = _keys(username=username, ip="-")[1:]
    cache.delete_many(keys)


def _on_login_failed(sender: Any, credentials: dict, request: HttpRequest | None = None, **kw):
    if request is not None:
        field = get_user_model().USERNAME_FIELD
        username = credentials.get(field) or credentials.get("username") or ""
        login_failure_record(username=str(username or ""), ip=client_ip(request))


def _on_logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    login_failures_reset(username=user.get_username())


def connect_signals() -> None:
    """Count failures (and clear on success) for every Django login."""
    user_login_failed.connect(_on_login_failed, dispatch_uid="eh-login-failed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="eh-logged-in")


def _posted_username(request: HttpRequest) -> str:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return ""
        return str(body.get("username", "")) if isinstance(body, dict) else ""
    return request.POST.get("username", "")


class LoginRateLimitMiddleware:
    """Refuse login POSTs with 429 while the username or address is over its limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        connect_signals()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        throttled = request.method == "POST" and request.path in settings.LOGIN_THROTTLED_PATHS
        if throttled and login_blocked(username=_posted_username(request), ip=client_ip(request)):
            log.warning("login throttled on %s", request.path)
            return self._too_many(request)
        return self.get_response(request)

    def _too_many(self, request: HttpRequest) -> HttpResponse:
        minutes = max(1, settings.LOGIN_FAILURE_WINDOW // 60)
        message = f"Too many failed login attempts. Try again in {minutes} minutes."
        if request.path.startswith("/api/"):
            body = error_body(
                error="rate_limited", message=message, field=None, code="LOGIN_RATE_LIMITED"
            )
            response: HttpResponse = JsonResponse(body, status=429)
        else:
            response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW)
        return response
