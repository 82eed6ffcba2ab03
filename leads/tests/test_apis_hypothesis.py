"""Property: whatever JSON a client sends to create or update a lead, the answer is never a 500.

Bodies mix arbitrary JSON with near-valid values (phones in odd formats, edge dates, huge
numbers), so the examples reach the service and the database, not just the first validator.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from leads.apis import LeadInputSerializer
from leads.enums import Intent, Source, Stage
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/leads/"
ERROR_KEYS = {"error", "message", "field", "code"}
PROPERTY_SETTINGS = settings(
    max_examples=120,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the worktree; failures print their example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)
NEAR_VALID = {
    "phone": st.sampled_from(
        ["(512) 555-0100", "512.555.0101", "+15125550102", "+44 20 7946 0958", "+1", "555", ""]
    ),
    "email": st.sampled_from(["a@example.com", "A@Example.COM", "b@", "@x.y", "c@d", ""]),
    "stage": st.sampled_from([*Stage.values, "won", ""]),
    "intent": st.sampled_from([*Intent.values, "BUYER"]),
    "source": st.sampled_from([*Source.values, "api "]),
    "budget_min": st.integers(min_value=-1, max_value=2**40),
    "budget_max": st.integers(min_value=-1, max_value=2**40),
    "bathrooms_min": st.sampled_from(["2.5", "99.9", "100", "1.25", "-1", "1e400", "NaN", 2.5]),
    "assigned_agent": st.integers(min_value=-1, max_value=2**70),
    "sms_consent_at": st.sampled_from(
        [
            "2026-01-01T00:00:00Z",
            "2026-01-01",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-12:00",
            "2026-03-08T02:30:00",  # does not exist in America/Chicago
            "yesterday",
        ]
    ),
    "ghl_contact_id": st.text(max_size=70),
    "areas": st.lists(st.text(max_size=120), max_size=60),
}
FIELDS = [*LeadInputSerializer().fields, "score", "id"]
anything = (
    st.fixed_dictionaries(
        {}, optional={name: NEAR_VALID.get(name, json_values) | json_values for name in FIELDS}
    )
    | json_values
)
near_valid = st.fixed_dictionaries(
    {"email": st.emails()},
    optional={name: values for name, values in NEAR_VALID.items() if name != "email"},
)
bodies = near_valid | anything


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _check(response, allowed: set[int]) -> None:
    event(f"HTTP {response.status_code}")  # --hypothesis-show-statistics shows the spread
    assert response.status_code in allowed, (response.status_code, response.content[:300])
    if response.status_code >= 400:
        assert set(response.json()) == ERROR_KEYS


@PROPERTY_SETTINGS
@given(body=bodies)
def test_random_create_bodies_never_give_a_500(broker, cache_clear, body):
    cache_clear()  # examples share one test: keep the rate limit out of the property
    response = _client(broker).post(LIST_URL, json.dumps(body), content_type="application/json")

    _check(response, {201, 400, 409})


@PROPERTY_SETTINGS
@given(body=bodies)
def test_random_update_bodies_never_give_a_500(broker, agent, cache_clear, body):
    cache_clear()
    lead = LeadFactory(assigned_agent=agent)

    response = _client(broker).patch(
        f"{LIST_URL}{lead.pk}/", json.dumps(body), content_type="application/json"
    )

    _check(response, {200, 400, 409})


@PROPERTY_SETTINGS
@given(raw=st.binary(max_size=64) | st.text(max_size=64).map(str.encode))
def test_arbitrary_bytes_never_give_a_500(broker, cache_clear, raw):
    cache_clear()
    response = _client(broker).post(LIST_URL, raw, content_type="application/json")

    _check(response, {201, 400, 409})
