"""Security baseline: CSP, login throttling (admin and JWT), login-only pages, deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from enterprisehub import security

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"
ROOT = Path(__file__).resolve().parents[2]


def _fail(client, username="broker", ip="10.0.0.1", path=LOGIN):
    return client.post(path, {"username": username, "password": "wrong"}, REMOTE_ADDR=ip)


def test_csp_header_allows_only_our_scripts(client):
    response = client.get("/healthz")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    # The nonce is added only when a template used {{ csp_nonce }}; never 'unsafe-inline'.
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_admin_login_page_has_no_inline_script_code(client):
    html = client.get(LOGIN).content.decode()
    assert "Content-Security-Policy" in client.get(LOGIN).headers
    for chunk in html.split("<script")[1:]:
        tag, _, rest = chunk.partition(">")
        code = rest.split("</script>")[0].strip()
        assert "src=" in tag or code == "" or "application/json" in tag, tag


def test_five_failures_lock_the_username_even_with_the_right_password(client, broker):
    for _ in range(5):
        assert _fail(client).status_code == 200  # form shown again with an error
    response = client.post(
        LOGIN, {"username": "broker", "password": "pw-broker"}, REMOTE_ADDR="10.0.0.9"
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response.content.decode() == ("Too many failed login attempts. Try again in 15 minutes.")


def test_failures_from_one_address_lock_that_address(client, broker, agent):
    for n in range(5):
        _fail(client, username=f"guess{n}", ip="10.0.0.2")
    blocked = client.post(
        LOGIN, {"username": "agent_ana", "password": "pw-agent_ana"}, REMOTE_ADDR="10.0.0.2"
    )
    allowed = client.post(
        LOGIN, {"username": "agent_ana", "password": "pw-agent_ana"}, REMOTE_ADDR="10.0.0.3"
    )
    assert blocked.status_code == 429
    assert allowed.status_code == 200  # agent is not staff: form error, but not throttled


def test_four_failures_then_success_resets_the_username(client, broker):
    for n in range(4):
        _fail(client, ip=f"10.0.1.{n}")
    ok = client.post(LOGIN, {"username": "broker", "password": "pw-broker"}, REMOTE_ADDR="10.0.2.1")
    assert ok.status_code == 302
    client.logout()
    for n in range(4):
        _fail(client, ip=f"10.0.3.{n}")
    assert _fail(client, ip="10.0.4.1").status_code == 200


@override_settings(LOGIN_FAILURE_LIMIT=2)
def test_limit_comes_from_settings(client, broker):
    _fail(client)
    _fail(client)
    assert _fail(client).status_code == 429


@pytest.mark.urls("enterprisehub.tests.urls_jwt")
def test_jwt_token_endpoint_is_throttled_with_a_structured_error(api_client, broker):
    for _ in range(5):
        bad = api_client.post(
            TOKEN, {"username": "broker", "password": "nope"}, format="json", REMOTE_ADDR="10.1.0.1"
        )
        assert bad.status_code == 401
    response = api_client.post(
        TOKEN,
        {"username": "broker", "password": "pw-broker"},
        format="json",
        REMOTE_ADDR="10.1.0.2",
    )
    assert response.status_code == 429
    assert response.json() == {
        "error": "rate_limited",
        "message": "Too many failed login attempts. Try again in 15 minutes.",
        "field": None,
        "code": "LOGIN_RATE_LIMITED",
    }


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "1.2.3.4", "127.0.0.9"),
        (1, "1.2.3.4", "1.2.3.4"),
        (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a client cannot spoof past the trusted proxy
        (2, "6.6.6.6, 1.2.3.4, 10.0.0.1", "1.2.3.4"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(rf, proxies, forwarded, expected):
    request = rf.get("/", REMOTE_ADDR="127.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(NUM_PROXIES=proxies):
        assert security.client_ip(request) == expected


# Pages anyone may open: health, the login page, public compliance pages (/c/), one-click
# unsubscribe (/u/<token>/), public listing pages, the API's schema and docs (they describe the
# API, they hold no data), the thank-you pages Stripe Checkout returns to (/pay/, no data).
# Everything else needs a login.
PUBLIC = {
    "healthz",
    "readyz",
    "admin/login/",
    "admin/logout/",
    "accounts/login/",
    "accounts/logout/",
    "api/schema/",
}
PUBLIC_PREFIXES = ("c/", "u/", "listings/", "admin/r/", "api/docs/", "pay/")


def _routes(resolver: URLResolver = None, prefix: str = "") -> list[str]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            found += _routes(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route)
    return found


def _concrete(route: str) -> str:
    for marker, value in (("<int:", "1"), ("<str:", "x"), ("<path:", "x"), ("<uuid:", "0" * 32)):
        while marker in route:
            start = route.index(marker)
            route = route[:start] + value + route[route.index(">", start) + 1 :]
    return "/" + route.replace("^", "").replace("$", "").replace("\\Z", "")


def test_every_page_but_the_public_ones_needs_a_login(client):
    checked = 0
    for route in _routes():
        if "(?P" in route or route in PUBLIC or route.startswith(PUBLIC_PREFIXES):
            continue
        response = client.get(_concrete(route))
        assert response.status_code in (301, 302, 400, 401, 403, 404, 405), route
        if response.status_code == 302:
            login = "/admin/login/" if route.startswith("admin/") else "/accounts/login/"
            assert response["Location"].startswith(login), route
        checked += 1
    assert checked > 20  # the admin alone has dozens of routes


def test_deploy_check_is_clean_under_production_settings():
    env = {
        **os.environ,
        "ENTERPRISEHUB_ENV": "production",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "FERNET_KEYS": Fernet.generate_key().decode(),
        "PII_HASH_KEY": "test-hash-key-" + "x" * 40,
        "ALLOWED_HOSTS": "example.com",
    }
    env.pop("ENTERPRISEHUB_TESTING", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
