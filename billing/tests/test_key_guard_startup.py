"""At start-up: production refuses a Stripe test key and development refuses a live one."""

from __future__ import annotations

import secrets

import pytest

from enterprisehub.tests.test_settings import _settings_in

PRODUCTION = {
    "ENTERPRISEHUB_ENV": "production",
    "ALLOWED_HOSTS": "hub.example.com",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "FERNET_KEYS": "x1QRNRRLk9bq0b9GUbKmXaWqW5ihGdCzHeDPXxs_AN8=",
    "PII_HASH_KEY": secrets.token_urlsafe(40),
}


@pytest.mark.parametrize(
    ("env", "refused"),
    [
        (
            {**PRODUCTION, "STRIPE_SECRET_KEY": "sk_test_51abc"},
            "production refuses a Stripe test key",
        ),
        ({"STRIPE_SECRET_KEY": "sk_live_51abc"}, "only production may use a Stripe live key"),
        ({"STRIPE_SECRET_KEY": "rk_live_51abc"}, "only production may use a Stripe live key"),
    ],
)
def test_the_wrong_kind_of_key_stops_the_start(tmp_path, env, refused):
    result = _settings_in(env, tmp_path)

    assert result.returncode != 0
    assert refused in result.stderr


@pytest.mark.parametrize(
    "env",
    [{**PRODUCTION, "STRIPE_SECRET_KEY": "sk_live_51abc"}, {"STRIPE_SECRET_KEY": "sk_test_51abc"}],
)
def test_the_right_kind_of_key_starts(tmp_path, env):
    assert _settings_in(env, tmp_path).returncode == 0
