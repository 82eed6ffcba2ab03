"""DRF authentication by API key: `Authorization: Api-Key <secret>` or `X-API-Key: <secret>`."""

from __future__ import annotations

import time

from django.conf import settings
from django.db.models import StringAgg, Value
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from enterprisehub.accounts.models import ApiKey

KEYWORD = "Api-Key"
GROUP_SEPARATOR = Value("\x1f")
# last_used_at is bookkeeping, not an audit trail: write it at most once a minute per key.
LAST_USED_RESOLUTION_SECONDS = 60


def _secret_from(request) -> str | None:
    scheme, _, rest = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == KEYWORD.lower() and rest.strip():
        return rest.strip()
    return request.META.get("HTTP_X_API_KEY", "").strip() or None


# Authenticated keys, per process, for a few seconds: an integration sends bursts, and the key
# lookup (with its roles) was the largest cost of a request. api_key_revoke() forgets a key here
# at once; other worker processes stop accepting a revoked key, or a deactivated user's, within
# API_KEY_AUTH_CACHE_SECONDS (0 turns the cache off).
_recent: dict[str, tuple[float, ApiKey]] = {}
_RECENT_MAX = 10_000


def forget(hashed_key: str) -> None:
    """Drop a key from this process's cache (revocation)."""
    _recent.pop(hashed_key, None)


def _lookup(hashed: str) -> ApiKey | None:
    key = (
        ApiKey.objects.select_related("user")
        .filter(hashed_key=hashed, revoked_at__isnull=True)
        # the user's roles in the same query: every request asks is_broker/is_agent
        .annotate(role_names=StringAgg("user__groups__name", GROUP_SEPARATOR, default=""))
        .first()
    )
    if key is not None:
        key.user.__dict__["group_names"] = frozenset(filter(None, key.role_names.split("\x1f")))
    return key


def _cached_lookup(hashed: str) -> ApiKey | None:
    ttl = settings.API_KEY_AUTH_CACHE_SECONDS
    now = time.monotonic()
    hit = _recent.get(hashed)
    if hit is not None and hit[0] > now:
        return hit[1]
    key = _lookup(hashed)
    if key is not None and ttl > 0:
        if len(_recent) >= _RECENT_MAX:
            _recent.clear()
        _recent[hashed] = (now + ttl, key)
    return key


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Look the key up by its SHA-256; the request's `auth` is the ApiKey row."""

    def authenticate(self, request):
        secret = _secret_from(request)
        if not secret:
            return None
        key = _cached_lookup(ApiKey.hash(secret))
        if key is None or not key.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        now = timezone.now()
        if (
            key.last_used_at is None
            or (now - key.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS
        ):
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return (key.user, key)

    def authenticate_header(self, request) -> str:
        return KEYWORD


class ApiKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """Describe API keys in the OpenAPI schema (drf-spectacular finds it by target_class)."""

    target_class = "enterprisehub.accounts.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "An integration key; `Authorization: Api-Key <secret>` also works.",
        }
