"""Sign-in for agents and brokers at /accounts/login/ (the admin's login admits staff only)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _sign_in(client, user, **extra):
    return client.post(
        LOGIN, {"username": user.username, "password": "pw-" + user.username, **extra}
    )


def test_an_agent_who_is_not_staff_signs_in_and_lands_on_the_listings(client, agent):
    assert not agent.is_staff

    response = _sign_in(client, agent)
    listings = client.get(response.url)

    assert (response.status_code, response.url) == (302, "/listings/")
    assert listings.status_code == 200
    html = listings.content.decode()
    assert agent.get_full_name() in html  # who is signed in
    assert 'action="/accounts/logout/"' in html
    assert 'href="/admin/"' not in html  # the admin link is for staff


def test_sign_in_returns_to_the_page_that_asked_for_it(client, agent):
    asked = client.get("/listings/cma/")

    response = _sign_in(client, agent, next="/listings/cma/")

    assert asked.url == f"{LOGIN}?next=/listings/cma/"
    assert response.url == "/listings/cma/"


def test_a_wrong_password_shows_the_form_again_with_an_error(client, agent):
    response = client.post(LOGIN, {"username": agent.username, "password": "nope"})

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert client.get("/listings/").status_code == 302


def test_signing_out_ends_the_session(client, broker):
    _sign_in(client, broker)
    assert 'href="/admin/"' in client.get("/listings/").content.decode()

    response = client.post("/accounts/logout/")

    assert response.url == LOGIN
    assert client.get("/listings/").url == f"{LOGIN}?next=/listings/"


def test_the_sign_in_page_is_throttled_like_the_others(client, agent):
    for _ in range(5):
        client.post(
            LOGIN, {"username": agent.username, "password": "wrong"}, REMOTE_ADDR="10.9.0.1"
        )

    blocked = _sign_in(client, agent, REMOTE_ADDR="10.9.0.2")

    assert blocked.status_code == 429
    assert "Too many failed login attempts" in blocked.content.decode()
