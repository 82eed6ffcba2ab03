"""The one door to Stripe: a StripeClient on httpx, its key checked against the environment.

Production refuses a test key and development (and tests) refuse a live one, here and at
start-up (settings). Every call goes through the official `stripe` library; tests answer it at
the HTTP boundary (respx), never inside this code.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import stripe
from django.conf import settings

from billing.exceptions import PaymentsNotConfiguredError, StripeKeyModeError

_http_client: stripe.HTTPXClient | None = None
_lock = threading.Lock()
LIVE_PREFIXES = ("sk_live_", "rk_live_")
TEST_PREFIXES = ("sk_test_", "rk_test_")
DASHBOARD = "https://dashboard.stripe.com"


def key_mode_problem(key: str, *, production: bool) -> str | None:
    """Why `key` may not be used in this environment, or None when it may."""
    if not key:
        return "STRIPE_SECRET_KEY is not set: payments are off."
    if not key.startswith(LIVE_PREFIXES + TEST_PREFIXES):
        return "STRIPE_SECRET_KEY is not a Stripe secret key (sk_test_… or sk_live_…)."
    if production and key.startswith(TEST_PREFIXES):
        return "Production refuses a Stripe test key (sk_test_…): set the live key."
    if not production and key.startswith(LIVE_PREFIXES):
        return "Only production may use a Stripe live key (sk_live_…): set a test key."
    return None


def key_is_live(key: str) -> bool:
    return key.startswith(LIVE_PREFIXES)


def _http() -> stripe.HTTPXClient:
    """One httpx-backed HTTP client per process (its TLS context is costly to build)."""
    global _http_client
    with _lock:
        if _http_client is None:
            _http_client = stripe.HTTPXClient(
                timeout=settings.STRIPE_TIMEOUT_SECONDS, allow_sync_methods=True
            )
        return _http_client


def client() -> stripe.StripeClient:
    """A StripeClient for this environment's key; refuses a missing or wrong-mode key."""
    key = settings.STRIPE_SECRET_KEY
    problem = key_mode_problem(key, production=settings.PRODUCTION)
    if problem:
        raise (StripeKeyModeError if key else PaymentsNotConfiguredError)(problem)
    return stripe.StripeClient(
        key,
        http_client=_http(),
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
    )


def livemode() -> bool:
    return key_is_live(settings.STRIPE_SECRET_KEY)


def error_text(exc: stripe.StripeError) -> tuple[str, str]:
    """(code, one-line message) of a Stripe error, for the Payment row and the person."""
    code = getattr(exc, "code", None) or type(exc).__name__
    first_line = str(exc).splitlines()[0] if str(exc) else ""
    message = getattr(exc, "user_message", None) or first_line
    if isinstance(exc, stripe.APIConnectionError):
        message = "Stripe could not be reached; nothing was charged. Try again in a minute."
    return str(code)[:100], (message or "Stripe refused the request.")[:500]


def dashboard_url(object_id: str, *, livemode: bool) -> str:
    """Link to the object in Stripe's dashboard (payments by PaymentIntent, else a search)."""
    base = DASHBOARD if livemode else f"{DASHBOARD}/test"
    if object_id.startswith("pi_"):
        return f"{base}/payments/{object_id}"
    return f"{base}/search?query={object_id}"


def from_timestamp(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(int(value), tz=UTC)
