"""DRF authentication by API key: `Authorization: Api-Key <secret>` or `X-API-Key: <secret>`."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import authentication, exceptions

from enterprisehub.accounts.models import ApiKey

KEYWORD = "Api-Key"


def _secret_from(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith(f"{KEYWORD} "):
        return header[len(KEYWORD) + 1 :].strip()
    return request.META.get("HTTP_X_API_KEY") or None


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """Look the key up by its SHA-256; the request's `auth` is the ApiKey row."""

    def authenticate(self, request):
        secret = _secret_from(request)
        if not secret:
            return None
        key = (
            ApiKey.objects.select_related("user")
            .filter(hashed_key=ApiKey.hash(secret), revoked_at__isnull=True)
            .first()
        )
        if key is None or not key.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        now = timezone.now()
        if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        return (key.user, key)

    def authenticate_header(self, request) -> str:
        return KEYWORD
