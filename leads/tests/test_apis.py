"""Leads API: list/filter/paginate, retrieve, create, update, scoping and error bodies."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from compliance.models import AccessLog
from enterprisehub.accounts.services import api_key_create
from leads import services
from leads.enums import EventKind
from leads.models import Lead, LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/leads/"


def _detail_url(lead: Lead | uuid.UUID) -> str:
    return f"{LIST_URL}{getattr(lead, 'pk', lead)}/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _error(error: str, message: str, field: str | None, code: str) -> dict:
    return {"error": error, "message": message, "field": field, "code": code}


def _ids(response) -> list[str]:
    return [row["id"] for row in response.json()["results"]]


# --- list ----------------------------------------------------------------------------------


def test_broker_lists_every_lead_newest_first_with_decrypted_contact(broker, agent):
    older = LeadFactory(assigned_agent=agent, phone="(512) 555-0101", email="Old@Example.com")
    newer = LeadFactory()

    response = _client(broker).get(LIST_URL)

    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None and body["previous"] is None
    assert _ids(response) == [str(newer.pk), str(older.pk)]
    row = body["results"][1]
    assert row["phone"] == "+15125550101"
    assert row["email"] == "old@example.com"
    assert row["assigned_agent"] == agent.pk
    assert row["assigned_agent_name"] == "Agent_Ana"
    assert row["score"] == 1 and row["temperature"] == "cold" and row["score_reasons"] == []


def test_agent_lists_only_their_own_leads(agent, other_agent):
    mine = LeadFactory(assigned_agent=agent)
    LeadFactory(assigned_agent=other_agent)
    LeadFactory()

    response = _client(agent).get(LIST_URL)

    assert response.status_code == 200
    assert _ids(response) == [str(mine.pk)]


def test_agent_filtering_by_another_agents_id_sees_nothing(agent, other_agent):
    LeadFactory(assigned_agent=other_agent)

    response = _client(agent).get(LIST_URL, {"assigned_agent": other_agent.pk})

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_list_filters_by_stage_temperature_intent_and_agent(broker, agent):
    match = LeadFactory(stage="qualified", intent="buyer", assigned_agent=agent)
    services.lead_score_set(lead=match, score=8, reasons=[])
    LeadFactory(stage="qualified", intent="buyer")  # no agent
    LeadFactory(stage="new", intent="buyer", assigned_agent=agent)
    client = _client(broker)

    response = client.get(
        LIST_URL,
        {"stage": "qualified", "temperature": "hot", "intent": "buyer", "assigned_agent": agent.pk},
    )

    assert response.status_code == 200
    assert _ids(response) == [str(match.pk)]
    assert len(_ids(client.get(LIST_URL, {"stage": "qualified"}))) == 2
    assert _ids(client.get(LIST_URL, {"temperature": "warm"})) == []


def test_list_filters_by_created_range(broker):
    now = timezone.now()
    old, mid, new = LeadFactory(), LeadFactory(), LeadFactory()
    for lead, days in ((old, 10), (mid, 5), (new, 1)):
        Lead.objects.filter(pk=lead.pk).update(created_at=now - timedelta(days=days))

    response = _client(broker).get(
        LIST_URL,
        {
            "created_after": (now - timedelta(days=6)).isoformat(),
            "created_before": (now - timedelta(days=2)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert _ids(response) == [str(mid.pk)]


@pytest.mark.parametrize(
    "params",
    [{"phone": "512.555.0142"}, {"phone": "+15125550142"}, {"email": " Jo@Example.COM "}],
)
def test_list_finds_a_lead_by_exact_phone_or_email_in_any_format(broker, params):
    lead = LeadFactory(phone="(512) 555-0142", email="jo@example.com")
    LeadFactory(phone="(512) 555-0143", email="other@example.com")

    response = _client(broker).get(LIST_URL, params)

    assert response.status_code == 200
    assert _ids(response) == [str(lead.pk)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (
            {"stage": "won"},
            _error("validation_error", '"won" is not a valid choice.', "stage", "INVALID_CHOICE"),
        ),
        (
            {"phone": "not a phone"},
            _error(
                "validation_error",
                "Phone number could not be parsed.",
                "phone",
                "PHONE_FORMAT_ERROR",
            ),
        ),
        (
            {"created_after": "yesterday"},
            _error(
                "validation_error",
                "Datetime has wrong format. Use one of these formats instead: "
                "YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].",
                "created_after",
                "INVALID",
            ),
        ),
        (
            {"assigned_agent": "x"},
            _error("validation_error", "A valid integer is required.", "assigned_agent", "INVALID"),
        ),
    ],
)
def test_bad_filters_get_a_structured_400(broker, params, expected):
    response = _client(broker).get(LIST_URL, params)

    assert response.status_code == 400
    assert response.json() == expected


def test_cursor_pagination_walks_every_lead_once_in_order(broker):
    leads = [LeadFactory() for _ in range(5)]
    expected = [str(lead.pk) for lead in reversed(leads)]
    client = _client(broker)

    seen, url, pages = [], f"{LIST_URL}?page_size=2", 0
    while url:
        body = client.get(url).json()
        seen += [row["id"] for row in body["results"]]
        url, pages = body["next"], pages + 1

    assert seen == expected
    assert pages == 3


def test_list_records_one_access_row_counting_the_page(broker):
    for _ in range(3):
        LeadFactory()

    response = _client(broker).get(LIST_URL, {"page_size": 2})

    assert response.status_code == 200
    rows = list(AccessLog.objects.values("user", "action", "surface", "object_id", "count"))
    assert rows == [
        {"user": broker.pk, "action": "list", "surface": "api", "object_id": "", "count": 2}
    ]


def test_list_query_count_does_not_grow_with_the_page(broker, agent, django_assert_num_queries):
    for _ in range(20):
        LeadFactory(assigned_agent=agent)
    client = _client(broker)

    # groups (role), the page of leads with their agents, the access-log insert
    with django_assert_num_queries(3):
        response = client.get(LIST_URL)

    assert len(response.json()["results"]) == 20


# --- retrieve ------------------------------------------------------------------------------


def test_agent_reads_their_lead_and_the_read_is_logged(agent):
    lead = LeadFactory(assigned_agent=agent, phone="(512) 555-0150", first_name="Rosa")

    response = _client(agent).get(_detail_url(lead))

    assert response.status_code == 200
    assert response.json()["id"] == str(lead.pk)
    assert response.json()["first_name"] == "Rosa"
    assert response.json()["phone"] == "+15125550150"
    assert list(AccessLog.objects.values_list("user", "action", "surface", "object_id")) == [
        (agent.pk, "view", "api", str(lead.pk))
    ]


def test_agent_asking_for_another_agents_lead_gets_404(agent, other_agent):
    lead = LeadFactory(assigned_agent=other_agent)

    response = _client(agent).get(_detail_url(lead))

    assert response.status_code == 404
    assert response.json() == _error("not_found", "Not found.", None, "NOT_FOUND")
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize("path", [f"{LIST_URL}not-a-uuid/", "/api/v1/nothing-here/"])
def test_unknown_api_paths_get_the_json_404(broker, path):
    response = _client(broker).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == _error("not_found", "Not found.", None, "NOT_FOUND")


# --- create --------------------------------------------------------------------------------


def test_broker_creates_a_lead(broker):
    body = {
        "first_name": "Maya",
        "phone": "(512) 555-0160",
        "email": "Maya@Example.com",
        "intent": "buyer",
        "budget_min": 400_000,
        "budget_max": 550_000,
        "bathrooms_min": "2.5",
        "areas": ["Cedar Park", "Round Rock"],
    }

    response = _client(broker).post(LIST_URL, body, format="json")

    assert response.status_code == 201
    lead = Lead.objects.get()
    out = response.json()
    assert out["id"] == str(lead.pk)
    assert (out["phone"], out["email"]) == ("+15125550160", "maya@example.com")
    assert (out["source"], out["stage"], out["intent"]) == ("api", "new", "buyer")
    assert (out["budget_min"], out["budget_max"], out["bathrooms_min"]) == (
        400_000,
        550_000,
        "2.5",
    )
    assert out["areas"] == ["Cedar Park", "Round Rock"]
    # No routing rule is set up here: the lead waits in the pond and the broker is alerted.
    assert out["assigned_agent"] is None
    assert (out["routing"]["outcome"], out["routing"]["rule"], out["routing"]["alert"]) == (
        "pond",
        None,
        True,
    )
    assert list(LeadEvent.objects.order_by("at", "id").values_list("kind", "actor")) == [
        (EventKind.CREATED, broker.pk),
        (EventKind.ROUTING_NO_AGENT, None),
    ]


def test_agent_creates_a_lead_that_is_theirs(agent):
    response = _client(agent).post(LIST_URL, {"email": "new@example.com"}, format="json")

    assert response.status_code == 201
    assert response.json()["assigned_agent"] == agent.pk
    assert response.json()["routing"] is None  # an agent's own lead is not routed
    assert Lead.objects.get().assigned_agent == agent


def test_agent_cannot_create_a_lead_for_another_agent(agent, other_agent):
    response = _client(agent).post(
        LIST_URL, {"email": "new@example.com", "assigned_agent": other_agent.pk}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == _error(
        "assignment_forbidden",
        "Agents cannot assign leads to other agents.",
        "assigned_agent",
        "ASSIGNMENT_FORBIDDEN",
    )
    assert Lead.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"), [("phone", "512.555.0170"), ("email", "DUP@example.com")]
)
def test_duplicate_contact_gets_409_naming_the_field(broker, field, value):
    LeadFactory(phone="(512) 555-0170", email="dup@example.com")

    response = _client(broker).post(LIST_URL, {field: value}, format="json")

    assert response.status_code == 409
    assert response.json() == _error(
        "duplicate_lead", f"A lead with this {field} already exists.", field, "DUPLICATE_LEAD"
    )
    assert Lead.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"phone": "call me maybe"},
            _error(
                "validation_error",
                "Phone number could not be parsed.",
                "phone",
                "PHONE_FORMAT_ERROR",
            ),
        ),
        (
            {"phone": "(512) 555-01"},
            _error(
                "validation_error",
                "Phone number is not a valid number.",
                "phone",
                "PHONE_FORMAT_ERROR",
            ),
        ),
        (
            {"email": "maria@"},
            _error(
                "validation_error", "Email address is not valid.", "email", "EMAIL_FORMAT_ERROR"
            ),
        ),
        (
            {"first_name": "Nobody"},
            _error(
                "validation_error",
                "A phone or an email is required.",
                "phone",
                "CONTACT_REQUIRED",
            ),
        ),
        (
            {"email": "a@example.com", "score": 10},
            _error("validation_error", "Unknown or read-only field.", "score", "UNKNOWN_FIELD"),
        ),
        (
            {"email": "a@example.com", "stage": "won"},
            _error("validation_error", '"won" is not a valid choice.', "stage", "INVALID_CHOICE"),
        ),
        (
            {"email": "a@example.com", "areas": ["Downtown", 7, "x" * 101]},
            _error(
                "validation_error",
                "Ensure this field has no more than 100 characters.",
                "areas.2",
                "MAX_LENGTH",
            ),
        ),
        (
            {"email": "a@example.com", "budget_min": 600_000, "budget_max": 500_000},
            _error(
                "lead_rule_violation",
                "budget_min is above budget_max.",
                "budget_min",
                "LEAD_RULE_VIOLATION",
            ),
        ),
        (
            {"email": "a@example.com", "assigned_agent": 999_999},
            _error(
                "validation_error",
                "No active agent with this id.",
                "assigned_agent",
                "UNKNOWN_AGENT",
            ),
        ),
        (
            ["not", "an", "object"],
            _error(
                "validation_error",
                "Invalid data. Expected a dictionary, but got list.",
                None,
                "INVALID",
            ),
        ),
    ],
)
def test_bad_create_input_gets_a_structured_400(broker, body, expected):
    response = _client(broker).post(LIST_URL, body, format="json")

    assert response.status_code == 400
    assert response.json() == expected
    assert Lead.objects.count() == 0


def test_lone_surrogate_in_text_is_a_400_not_a_database_error(broker):
    raw = '{"email": "a@example.com", "first_name": "\\ud800"}'

    response = _client(broker).post(LIST_URL, raw, content_type="application/json")

    assert response.status_code == 400
    assert response.json() == _error(
        "validation_error",
        "Surrogate characters are not allowed: U+D800.",
        "first_name",
        "SURROGATE_CHARACTERS_NOT_ALLOWED",
    )


def test_second_lead_with_the_same_ghl_contact_id_gets_a_400(broker):
    LeadFactory(ghl_contact_id="ghl-1")

    response = _client(broker).post(
        LIST_URL, {"email": "b@example.com", "ghl_contact_id": "ghl-1"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == _error(
        "validation_error",
        "Lead with this Ghl contact id already exists.",
        "ghl_contact_id",
        "UNIQUE",
    )


def test_blank_ghl_contact_ids_never_collide(broker):
    client = _client(broker)
    for email in ("c@example.com", "d@example.com"):
        body = {"email": email, "ghl_contact_id": ""}
        assert client.post(LIST_URL, body, format="json").status_code == 201

    assert list(Lead.objects.values_list("ghl_contact_id", flat=True)) == [None, None]


# --- update --------------------------------------------------------------------------------


def test_agent_moves_their_lead_to_a_new_stage(agent):
    lead = LeadFactory(assigned_agent=agent)

    response = _client(agent).patch(_detail_url(lead), {"stage": "engaged"}, format="json")

    assert response.status_code == 200
    assert response.json()["stage"] == "engaged"
    lead.refresh_from_db()
    assert lead.stage == "engaged"
    event = lead.events.get(kind=EventKind.STAGE_CHANGED)
    assert (event.data, event.actor) == ({"from": "new", "to": "engaged"}, agent)
    assert list(AccessLog.objects.values_list("action", "object_id")) == [("update", str(lead.pk))]


def test_broker_reassigns_a_lead(broker, agent, other_agent):
    lead = LeadFactory(assigned_agent=agent)

    response = _client(broker).patch(
        _detail_url(lead), {"assigned_agent": other_agent.pk}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["assigned_agent"] == other_agent.pk
    event = lead.events.get(kind=EventKind.ASSIGNED)
    assert event.data == {"agent_id": other_agent.pk}


@pytest.mark.parametrize("target", ["other", None])
def test_agent_cannot_hand_their_lead_to_someone_else(agent, other_agent, target):
    lead = LeadFactory(assigned_agent=agent)
    value = other_agent.pk if target == "other" else None

    response = _client(agent).patch(_detail_url(lead), {"assigned_agent": value}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "ASSIGNMENT_FORBIDDEN"
    lead.refresh_from_db()
    assert lead.assigned_agent == agent


def test_agent_cannot_update_another_agents_lead(agent, other_agent):
    lead = LeadFactory(assigned_agent=other_agent, stage="new")

    response = _client(agent).patch(_detail_url(lead), {"stage": "lost"}, format="json")

    assert response.status_code == 404
    assert response.json() == _error("not_found", "Not found.", None, "NOT_FOUND")
    lead.refresh_from_db()
    assert lead.stage == "new"


def test_update_to_a_phone_another_lead_has_gets_409(broker):
    LeadFactory(phone="(512) 555-0180")
    lead = LeadFactory(phone="(512) 555-0181")

    response = _client(broker).patch(_detail_url(lead), {"phone": "5125550180"}, format="json")

    assert response.status_code == 409
    assert response.json() == _error(
        "duplicate_lead", "A lead with this phone already exists.", "phone", "DUPLICATE_LEAD"
    )
    lead.refresh_from_db()
    assert lead.phone == "+15125550181"


def test_update_cannot_remove_the_last_contact(broker):
    lead = LeadFactory(phone="(512) 555-0182", email="")

    response = _client(broker).patch(_detail_url(lead), {"phone": ""}, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "CONTACT_REQUIRED"


# --- transport-level errors ----------------------------------------------------------------


def test_unauthenticated_request_gets_401(db):
    response = APIClient().get(LIST_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json() == _error(
        "not_authenticated",
        "Authentication credentials were not provided.",
        None,
        "NOT_AUTHENTICATED",
    )


def test_user_without_a_role_gets_403(django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")

    response = _client(nobody).get(LIST_URL)

    assert response.status_code == 403
    assert response.json() == _error(
        "permission_denied",
        "Only brokers and agents may use the leads API.",
        None,
        "PERMISSION_DENIED",
    )


def test_malformed_json_gets_400(broker):
    response = _client(broker).post(LIST_URL, '{"email": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json() == _error(
        "parse_error",
        "JSON parse error - Expecting value: line 1 column 11 (char 10)",
        None,
        "PARSE_ERROR",
    )


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_bodies_other_than_json_get_415(broker, content_type):
    response = _client(broker).post(LIST_URL, "email=a@example.com", content_type=content_type)

    assert response.status_code == 415
    assert response.json() == _error(
        "unsupported_media_type",
        f'Unsupported media type "{content_type}" in request.',
        None,
        "UNSUPPORTED_MEDIA_TYPE",
    )


@pytest.mark.parametrize("method", ["put", "delete"])
def test_unsupported_methods_get_405(broker, method):
    lead = LeadFactory()

    response = getattr(_client(broker), method)(
        _detail_url(lead), json.dumps({}), content_type="application/json"
    )

    assert response.status_code == 405
    assert response.json() == _error(
        "method_not_allowed",
        f'Method "{method.upper()}" not allowed.',
        None,
        "METHOD_NOT_ALLOWED",
    )


def test_api_key_of_an_agent_sees_only_that_agents_leads(agent, other_agent):
    mine = LeadFactory(assigned_agent=agent)
    LeadFactory(assigned_agent=other_agent)
    _, secret = api_key_create(user=agent, name="sheet sync")

    response = APIClient().get(LIST_URL, HTTP_X_API_KEY=secret)

    assert response.status_code == 200
    assert _ids(response) == [str(mine.pk)]


def test_a_tampered_cursor_gets_the_structured_404(broker):
    response = _client(broker).get(LIST_URL, {"cursor": "bz14"})

    assert response.status_code == 404
    assert response.json() == _error("not_found", "Invalid cursor", None, "NOT_FOUND")


def test_fast_output_matches_the_documented_serializer_exactly(broker):
    """The list/detail body is built without DRF fields; it must equal what the schema says."""
    from leads.apis import LeadOutputSerializer, _output
    from leads.services import lead_update

    lead = LeadFactory(first_name="Zoë", bathrooms_min=None)
    lead = lead_update(
        lead=lead,
        data={
            "assigned_agent": broker,
            "bathrooms_min": Decimal("2.5"),
            "areas": ["78704"],
            "pre_approved": True,
            "sms_consent_at": timezone.now(),
        },
    )
    lead.refresh_from_db()

    assert _output(lead) == LeadOutputSerializer(lead).data
