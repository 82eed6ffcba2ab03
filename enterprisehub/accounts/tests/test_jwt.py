"""JWT: obtain, 1-hour access lifetime (by travelling the clock), rotating refresh + blacklist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

pytestmark = pytest.mark.django_db

OBTAIN, REFRESH = "/api/v1/auth/token/", "/api/v1/auth/token/refresh/"
VERIFY = "/api/v1/auth/token/verify/"
LEADS_URL = "/api/v1/leads/"
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # any instant: the clock is travelled
TOKEN_NOT_VALID = {
    "error": "authentication_failed",
    "message": "Given token not valid for any token type",
    "field": None,
    "code": "TOKEN_NOT_VALID",
}


def _obtain(client: APIClient, username: str, password: str):
    return client.post(OBTAIN, {"username": username, "password": password}, format="json")


def _leads_with(token: str):
    return APIClient().get(LEADS_URL, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_obtain_returns_a_one_hour_access_token_and_a_refresh_token(agent):
    with time_machine.travel(START, tick=False):
        response = _obtain(APIClient(), "agent_ana", "pw-agent_ana")
        access = AccessToken(response.json()["access"])
        refresh = RefreshToken(response.json()["refresh"])

    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}
    assert (access["iat"], access["exp"]) == (START.timestamp(), START.timestamp() + 3600)
    assert access["user_id"] == refresh["user_id"] == str(agent.pk)


def test_wrong_password_gets_401(agent):
    response = _obtain(APIClient(), "agent_ana", "wrong")

    assert response.status_code == 401
    assert response.json() == {
        "error": "authentication_failed",
        "message": "No active account found with the given credentials",
        "field": None,
        "code": "NO_ACTIVE_ACCOUNT",
    }


def test_missing_password_gets_400(agent):
    response = APIClient().post(OBTAIN, {"username": "agent_ana"}, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "error": "validation_error",
        "message": "This field is required.",
        "field": "password",
        "code": "REQUIRED",
    }


def test_access_token_works_for_an_hour_and_not_after(agent):
    with time_machine.travel(START, tick=False) as clock:
        access = _obtain(APIClient(), "agent_ana", "pw-agent_ana").json()["access"]

        clock.move_to(START + timedelta(minutes=59, seconds=59))
        assert _leads_with(access).status_code == 200

        clock.move_to(START + timedelta(hours=1, seconds=1))
        expired = _leads_with(access)

    assert expired.status_code == 401
    assert expired.json() == TOKEN_NOT_VALID


def test_a_token_issued_more_than_an_hour_ago_is_rejected(agent):
    token = AccessToken.for_user(agent)
    token.set_iat(at_time=datetime.now(UTC) - timedelta(hours=1, minutes=1))
    token.set_exp(from_time=datetime.now(UTC) - timedelta(hours=1, minutes=1))

    response = _leads_with(str(token))

    assert response.status_code == 401
    assert response.json() == TOKEN_NOT_VALID


def test_refresh_rotates_and_blacklists_the_old_refresh_token(agent):
    client = APIClient()
    first = _obtain(client, "agent_ana", "pw-agent_ana").json()

    rotated = client.post(REFRESH, {"refresh": first["refresh"]}, format="json")

    assert rotated.status_code == 200
    assert set(rotated.json()) == {"access", "refresh"}
    assert rotated.json()["refresh"] != first["refresh"]
    assert _leads_with(rotated.json()["access"]).status_code == 200
    old_jti = RefreshToken(first["refresh"], verify=False)["jti"]
    assert RefreshToken(rotated.json()["refresh"])["jti"] != old_jti
    assert list(BlacklistedToken.objects.values_list("token__jti", flat=True)) == [old_jti]

    replay = client.post(REFRESH, {"refresh": first["refresh"]}, format="json")

    assert replay.status_code == 401
    assert replay.json() == {
        "error": "authentication_failed",
        "message": "Token is blacklisted",
        "field": None,
        "code": "TOKEN_NOT_VALID",
    }


def test_verify_accepts_a_good_token_and_refuses_a_forged_one(agent):
    access = str(AccessToken.for_user(agent))
    forged = access[:-4] + ("AAAA" if not access.endswith("AAAA") else "BBBB")
    client = APIClient()

    good = client.post(VERIFY, {"token": access}, format="json")
    bad = client.post(VERIFY, {"token": forged}, format="json")

    assert (good.status_code, good.json()) == (200, {})
    assert bad.status_code == 401
    assert bad.json()["code"] == "TOKEN_NOT_VALID"
    assert set(bad.json()) == {"error", "message", "field", "code"}
