"""API keys: both header forms, only a hash at rest, revoked/unknown keys refused, scoping."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.test import APIClient

from enterprisehub.accounts.models import ApiKey
from enterprisehub.accounts.services import api_key_create, api_key_revoke

pytestmark = pytest.mark.django_db

LEADS_URL = "/api/v1/leads/"
REFUSED = {
    "error": "authentication_failed",
    "message": "Invalid or revoked API key.",
    "field": None,
    "code": "AUTHENTICATION_FAILED",
}


@pytest.mark.parametrize(
    "headers",
    [
        lambda secret: {"HTTP_AUTHORIZATION": f"Api-Key {secret}"},
        lambda secret: {"HTTP_AUTHORIZATION": f"api-key {secret}"},
        lambda secret: {"HTTP_X_API_KEY": secret},
    ],
    ids=["authorization", "authorization-lowercase", "x-api-key"],
)
def test_api_key_authenticates_in_either_header(agent, headers):
    _, secret = api_key_create(user=agent, name="zapier")
    client = APIClient()
    created = client.post(LEADS_URL, {"email": "k@example.com"}, format="json", **headers(secret))

    response = client.get(LEADS_URL, **headers(secret))

    assert created.status_code == 201
    assert created.json()["assigned_agent"] == agent.pk  # acting as the key's user
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [created.json()["id"]]


def test_only_a_hash_of_the_secret_is_stored(agent):
    key, secret = api_key_create(user=agent, name="crm")

    stored = ApiKey.objects.values().get(pk=key.pk)
    assert stored["hashed_key"] == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {str(value) for value in stored.values()}
    assert secret.startswith(stored["prefix"] + ".")


def test_use_stamps_last_used_at(agent):
    key, secret = api_key_create(user=agent, name="crm")
    assert key.last_used_at is None

    APIClient().get(LEADS_URL, HTTP_X_API_KEY=secret)

    key.refresh_from_db()
    assert key.last_used_at is not None


def test_unknown_key_is_refused_with_401(db):
    response = APIClient().get(LEADS_URL, HTTP_AUTHORIZATION="Api-Key nope.nope")

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json() == REFUSED


def test_revoked_key_is_refused(agent):
    key, secret = api_key_create(user=agent, name="old")
    api_key_revoke(key=key)

    response = APIClient().get(LEADS_URL, HTTP_X_API_KEY=secret)

    assert response.status_code == 401
    assert response.json() == REFUSED


def test_key_of_a_deactivated_user_is_refused(agent):
    _, secret = api_key_create(user=agent, name="crm")
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    response = APIClient().get(LEADS_URL, HTTP_X_API_KEY=secret)

    assert response.status_code == 401
    assert response.json() == REFUSED


def test_api_key_brings_the_users_roles_in_the_same_query(
    broker, agent, django_assert_num_queries, settings
):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from enterprisehub.accounts.authentication import ApiKeyAuthentication

    settings.API_KEY_AUTH_CACHE_SECONDS = 0  # every request looks the key up
    _, broker_secret = api_key_create(user=broker, name="crm")
    _, agent_secret = api_key_create(user=agent, name="phone")
    auth = ApiKeyAuthentication()

    def roles(secret):
        request = Request(APIRequestFactory().get("/", HTTP_X_API_KEY=secret))
        user, _ = auth.authenticate(request)
        return user.is_broker, user.is_agent

    roles(broker_secret), roles(agent_secret)  # first use stamps last_used_at
    with django_assert_num_queries(2):
        assert roles(broker_secret) == (True, False)
        assert roles(agent_secret) == (False, True)


def _authenticate(secret: str):
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from enterprisehub.accounts.authentication import ApiKeyAuthentication

    request = Request(APIRequestFactory().get("/", HTTP_X_API_KEY=secret))
    return ApiKeyAuthentication().authenticate(request)


def test_a_key_just_seen_is_trusted_without_a_query(agent, django_assert_num_queries):
    _, secret = api_key_create(user=agent, name="burst")
    first_user, _ = _authenticate(secret)

    with django_assert_num_queries(0):
        user, key = _authenticate(secret)

    assert (user.pk, key.name, user.is_agent) == (first_user.pk, "burst", True)


def test_revocation_takes_effect_at_once_despite_the_cache(agent):
    key, secret = api_key_create(user=agent, name="leaked")
    _authenticate(secret)

    api_key_revoke(key=key)

    response = APIClient().get(LEADS_URL, HTTP_X_API_KEY=secret)
    assert (response.status_code, response.json()) == (401, REFUSED)


def test_a_deactivated_user_is_refused_once_the_cache_expires(agent, settings):
    import time

    settings.API_KEY_AUTH_CACHE_SECONDS = 0.2
    _, secret = api_key_create(user=agent, name="crm")
    _authenticate(secret)
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    time.sleep(0.3)
    response = APIClient().get(LEADS_URL, HTTP_X_API_KEY=secret)

    assert (response.status_code, response.json()) == (401, REFUSED)
