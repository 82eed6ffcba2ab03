"""Shared fixtures: users in each role, API clients, a clean cache per test, a headless browser."""

from __future__ import annotations

import copy
import os
import shutil

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from rest_framework.test import APIClient

from enterprisehub.accounts import roles
from enterprisehub.accounts.models import User
from enterprisehub.accounts.services import roles_ensure

# Stripe at the HTTP boundary (fake_stripe, post_event, ...) for billing's and bots' tests.
pytest_plugins = ["billing.tests.fixtures"]


def cache_clear_own() -> None:
    """Delete this worker's cache keys only (cache.clear() would FLUSHDB under other workers)."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()
        return
    client = backend._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{backend.key_prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(scope="session", autouse=True)
def _cache_namespace_per_worker():
    """xdist workers share one Redis db (and reuse user ids): give each worker its own keys."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    namespaced = copy.deepcopy(settings.CACHES)
    namespaced["default"]["KEY_PREFIX"] = f"{namespaced['default'].get('KEY_PREFIX', '')}-{worker}"
    with override_settings(CACHES=namespaced):
        yield


@pytest.fixture
def cache_clear():
    """For tests that must reset the cache mid-test (e.g. between hypothesis examples)."""
    return cache_clear_own


@pytest.fixture(autouse=True)
def _clear_cache(_cache_namespace_per_worker):
    """Throttle buckets and other cached state never leak between tests."""
    cache_clear_own()
    yield
    cache_clear_own()


def _user(username: str, *, group: str, staff: bool) -> User:
    groups = roles_ensure()
    user = User.objects.create_user(
        username=username,
        password="pw-" + username,
        first_name=username.title(),
        is_staff=staff,
    )
    user.groups.add(groups[group])
    return user


@pytest.fixture
def broker(db) -> User:
    return _user("broker", group=roles.BROKERS, staff=True)


@pytest.fixture
def agent(db) -> User:
    return _user("agent_ana", group=roles.AGENTS, staff=False)


@pytest.fixture
def other_agent(db) -> User:
    return _user("agent_ben", group=roles.AGENTS, staff=False)


@pytest.fixture
def make_agent(db):
    """Make more agents: make_agent("cara") is an active user in the agents group."""
    return lambda username: _user(username, group=roles.AGENTS, staff=False)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def browser():
    """Headless Chromium through selenium, with the browser console log kept.

    CI installs Debian's chromium and chromium-driver and sets ENTERPRISEHUB_REQUIRE_BROWSER=1,
    so there a missing browser fails the test instead of skipping it.
    """
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver):
        message = "needs Debian's chromium and chromium-driver (apt-get install ...)"
        if os.environ.get("ENTERPRISEHUB_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    session.set_page_load_timeout(30)
    yield session
    session.quit()
