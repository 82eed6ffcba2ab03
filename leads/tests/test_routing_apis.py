"""Routing through the API: a broker's new lead is routed, agents list and claim offers and mark
themselves away."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from leads.enums import RoutingStrategy
from leads.models import Lead
from leads.routing.models import AgentAvailability, LeadOffer
from leads.routing.services import lead_route
from leads.tests.factories import LeadFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db

LEADS = "/api/v1/leads/"
OFFERS = "/api/v1/leads/offers/"
AVAILABILITY = "/api/v1/leads/availability/"


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _claim_url(offer_id: int) -> str:
    return f"{OFFERS}{offer_id}/claim/"


def _post_lead(user, n: int = 0, **fields):
    body = {"first_name": f"Lead {n}", "email": f"lead{n}@example.com", **fields}
    return _client(user).post(LEADS, body, format="json")


# --- POST /api/v1/leads/ ---------------------------------------------------------------------


def test_broker_leads_without_an_agent_are_spread_evenly_and_say_by_which_rule(
    broker, agent, other_agent
):
    rule = RoutingRuleFactory(
        name="Default round robin", is_default=True, members=[agent, other_agent]
    )

    responses = [_post_lead(broker, n) for n in range(10)]

    assert {r.status_code for r in responses} == {201}
    first = responses[0].json()
    assert (first["assigned_agent"], first["assigned_agent_name"]) == (agent.pk, "Agent_Ana")
    routing = first["routing"]
    assert routing["outcome"] == "assigned"
    assert routing["rule"] == {
        "id": rule.pk,
        "name": "Default round robin",
        "strategy": "round_robin",
    }
    assert (routing["agent"], routing["agent_name"], routing["alert"]) == (
        agent.pk,
        "Agent_Ana",
        False,
    )
    assert routing["reason"].startswith("Assigned to Agent_Ana by rule “Default round robin”")
    assert Lead.objects.get(pk=first["id"]).events.filter(pk=routing["event"]).exists()
    counts = Counter(r.json()["assigned_agent"] for r in responses)
    assert counts == {agent.pk: 5, other_agent.pk: 5}


def test_broker_lead_with_null_agent_is_routed_and_with_an_agent_is_not(broker, agent, other_agent):
    RoutingRuleFactory(members=[other_agent])

    routed = _post_lead(broker, 1, assigned_agent=None).json()
    chosen = _post_lead(broker, 2, assigned_agent=agent.pk).json()

    assert routed["assigned_agent"] == other_agent.pk
    assert (chosen["assigned_agent"], chosen["routing"]) == (agent.pk, None)


def test_an_agents_own_lead_stays_theirs_whatever_the_rules(agent, other_agent):
    RoutingRuleFactory(members=[other_agent], is_default=True)

    body = _post_lead(agent).json()

    assert (body["assigned_agent"], body["routing"]) == (agent.pk, None)


def test_broker_lead_with_nobody_available_goes_to_the_pond(broker, agent):
    RoutingRuleFactory(name="Only Ana", members=[agent])
    AgentAvailability.objects.create(agent=agent, away_until=timezone.now() + timedelta(days=1))

    body = _post_lead(broker).json()

    assert body["assigned_agent"] is None
    routing = body["routing"]
    assert (routing["outcome"], routing["rule"], routing["alert"]) == ("pond", None, True)
    assert routing["offer"] == LeadOffer.objects.get().pk
    assert "Agent_Ana (away until" in routing["reason"]


# --- offers ----------------------------------------------------------------------------------


@pytest.fixture
def offers(agent, other_agent, make_agent):
    cara = make_agent("agent_cara")
    RoutingRuleFactory(strategy=RoutingStrategy.POND, sources=["open_house"], name="Pond")
    RoutingRuleFactory(
        strategy=RoutingStrategy.BROADCAST, members=[agent, other_agent], name="Broadcast"
    )
    pond = LeadFactory(source="open_house", first_name="Pia", last_name="Secret")
    broadcast = LeadFactory(source="website", first_name="Bo")
    return {
        "pond": lead_route(lead=pond).offer,
        "broadcast": lead_route(lead=broadcast).offer,
        "cara": cara,
    }


def test_agents_list_the_pond_and_broadcasts_to_them_without_contact_details(offers, agent, broker):
    body = _client(agent).get(OFFERS).json()
    cara_body = _client(offers["cara"]).get(OFFERS).json()
    broker_body = _client(broker).get(OFFERS).json()

    assert [row["id"] for row in body["results"]] == [offers["pond"].pk, offers["broadcast"].pk]
    assert [row["id"] for row in cara_body["results"]] == [offers["pond"].pk]
    assert len(broker_body["results"]) == 2
    row = body["results"][0]
    assert (row["kind"], row["status"], row["rule"]) == ("pond", "open", "Pond")
    assert set(row["lead"]) == {
        "id",
        "first_name",
        "source",
        "intent",
        "temperature",
        "score",
        "areas",
        "budget_min",
        "budget_max",
        "timeline_months",
        "created_at",
    }
    assert row["lead"]["first_name"] == "Pia"


def test_claim_gives_the_lead_to_the_first_agent_and_the_next_sees_it_taken(
    offers, agent, other_agent
):
    url = _claim_url(offers["broadcast"].pk)

    won = _client(other_agent).post(url)
    lost = _client(agent).post(url)

    assert won.status_code == 200
    assert (won.json()["status"], won.json()["claimed_by"]) == ("claimed", other_agent.pk)
    lead_id = won.json()["lead"]["id"]
    assert _client(other_agent).get(f"{LEADS}{lead_id}/").status_code == 200
    assert lost.status_code == 409
    assert lost.json() == {
        "error": "offer_taken",
        "message": "Agent_Ben already has this lead.",
        "field": None,
        "code": "OFFER_TAKEN",
    }
    assert [row["id"] for row in _client(agent).get(OFFERS).json()["results"]] == [
        offers["pond"].pk
    ]


def test_claiming_a_broadcast_made_to_others_or_a_missing_offer_is_404(offers, broker):
    cara = _client(offers["cara"])

    assert cara.post(_claim_url(offers["broadcast"].pk)).json()["code"] == "NOT_FOUND"
    assert cara.post(_claim_url(999_999)).status_code == 404
    assert _client(broker).post(_claim_url(offers["pond"].pk)).status_code == 403


def test_offers_need_sign_in():
    assert APIClient().get(OFFERS).status_code == 401


# --- availability ----------------------------------------------------------------------------


def test_agent_marks_themselves_away_and_back(agent):
    client = _client(agent)
    until = (timezone.now() + timedelta(days=2)).replace(microsecond=0)

    assert client.get(AVAILABILITY).json() == {
        "away_until": None,
        "away_note": "",
        "hot_lead_cap": None,
        "status": "available",
    }
    away = client.put(
        AVAILABILITY, {"away_until": until.isoformat(), "away_note": "Vacation"}, format="json"
    )
    back = client.put(AVAILABILITY, {"away_until": None}, format="json")

    assert away.status_code == 200
    assert away.json()["status"].startswith("away until ")
    assert AgentAvailability.objects.get(agent=agent).away_until is None
    assert back.json()["status"] == "available"


def test_availability_rejects_bad_input_and_non_agents(agent, broker):
    response = _client(agent).put(AVAILABILITY, {"away_until": "next week"}, format="json")

    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == ("away_until", "INVALID")
    assert _client(broker).get(AVAILABILITY).status_code == 403
    cap = _client(agent).put(AVAILABILITY, {"away_until": None, "hot_lead_cap": 99}, format="json")
    assert cap.status_code == 400  # the cap is the broker's to set
    assert cap.json()["code"] == "UNKNOWN_FIELD"
