"""Per-client throttle: one bucket per API key, else per user, else per IP address."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from enterprisehub.accounts.models import ApiKey


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
