"""Shared fixtures: users in each role, API clients, and a clean cache per test."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from enterprisehub.accounts import roles
from enterprisehub.accounts.models import User
from enterprisehub.accounts.services import roles_ensure


@pytest.fixture(autouse=True)
def _clear_cache():
    """Throttle buckets and other cached state never leak between tests."""
    cache.clear()
    yield
    cache.clear()


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
def api_client() -> APIClient:
    return APIClient()
