"""Property test over the public endpoints and the compliance admin: no input gives a 5xx."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance import dsr

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)
params = st.dictionaries(st.sampled_from(["q", "o", "p", "due", "kind", "next", "e", "x"]), text)


@FUZZ
@given(
    path=st.sampled_from(["/healthz", "/readyz"]),
    query=params,
    method=st.sampled_from(["get", "post", "put", "delete"]),
)
def test_health_endpoints(client, path, query, method):
    response = getattr(client, method)(path, query)
    # /readyz may say 503 when a dependency is slow on this shared machine; never a crash.
    assert response.status_code in (200, 405) or (path, response.status_code) == ("/readyz", 503)


@FUZZ
@given(username=text, password=text, next_url=text)
def test_admin_login_post(client, username, password, next_url):
    response = client.post(
        "/admin/login/", {"username": username, "password": password, "next": next_url}
    )
    assert response.status_code in (200, 302, 429)


@FUZZ
@given(
    body=st.binary(max_size=200),
    content_type=st.sampled_from(
        [
            "application/json",
            "application/x-www-form-urlencoded",
            "text/plain",
            "multipart/form-data",
        ]
    ),
)
def test_admin_login_raw_body(client, body, content_type):
    response = client.post("/admin/login/", body, content_type=content_type)
    assert response.status_code < 500


@FUZZ
@given(segment=text, query=params)
def test_api_paths(api_client, segment, query):
    for prefix in ("/api/v1/leads/", "/api/v1/properties/", "/c/", "/listings/"):
        response = api_client.get(prefix + segment.replace("\x00", ""), query)
        assert response.status_code < 500


@FUZZ
@given(query=params, page=st.sampled_from(["datasubjectrequest", "accesslog"]))
def test_compliance_admin_changelists(admin_client, query, page):
    response = admin_client.get(f"/admin/compliance/{page}/", query)
    assert response.status_code in (200, 302)


@FUZZ
@given(action=text, method=text)
def test_dsr_action_view(admin_client, action, method):
    request = dsr.dsr_create(kind="access", lead_id="11111111-2222-3333-4444-555555555555")
    url = f"/admin/compliance/datasubjectrequest/{request.pk}/do/{action.replace('/', '')}/"
    response = admin_client.post(url, {"method": method})
    assert response.status_code in (200, 301, 302, 403, 404)
