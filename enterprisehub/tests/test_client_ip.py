"""The per-IP throttle keys on the real client address, not on a forgeable header."""

from __future__ import annotations

import pytest
from rest_framework.test import APIRequestFactory

from enterprisehub.accounts.throttling import ClientRateThrottle


def _ident(**meta) -> str:
    request = APIRequestFactory().get("/api/v1/auth/token/", **meta)
    return ClientRateThrottle().get_ident(request)


@pytest.mark.parametrize(
    ("proxies", "expected"), [(0, "10.0.0.9"), (1, "203.0.113.7")], ids=["direct", "nginx"]
)
def test_forwarded_for_is_trusted_only_as_far_as_configured_proxies(settings, proxies, expected):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    # (DRF reloads its settings on the setting_changed signal the fixture sends)
    ident = _ident(REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7")

    assert ident == expected
