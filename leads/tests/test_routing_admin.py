"""Routing back office: rules with their agents, re-route, handoff and new leads routed from the
admin, alerts, availability, the pond filter and the reasons on the lead page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from leads.enums import EventKind, RoutingStrategy
from leads.models import Lead
from leads.routing import services
from leads.routing.models import AgentAvailability, RoutingRule
from leads.tests.factories import LeadFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db

LEADS = reverse("admin:leads_lead_changelist")
RULES = reverse("admin:leads_routingrule_changelist")
ADD_RULE = reverse("admin:leads_routingrule_add")


@pytest.fixture
def broker_client(client, broker):
    client.force_login(broker)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def rule_form(**fields) -> dict:
    """The add-rule form: conditions empty unless given, no agents unless given."""
    members = fields.pop("members", [])
    data = {
        "name": "Luxury",
        "position": "10",
        "is_active": "on",
        "strategy": RoutingStrategy.ROUND_ROBIN,
        "claim_minutes": "15",
        "areas": "",
        "zip_codes": "",
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, (agent, weight) in enumerate(members):
        data[f"members-{i}-agent"] = str(agent.pk)
        data[f"members-{i}-weight"] = str(weight)
    return data


# --- rules -------------------------------------------------------------------------------------


def test_broker_adds_a_weighted_round_robin_with_conditions(broker_client, agent, other_agent):
    data = rule_form(
        sources=["zillow", "website"],
        intents=["buyer"],
        areas="West Lake Hills,  Round Rock ",
        zip_codes="78746, 78664",
        price_min="1000000",
        members=[(agent, 2), (other_agent, 1)],
    )

    response = broker_client.post(ADD_RULE, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    rule = RoutingRule.objects.get()
    assert (rule.sources, rule.intents) == (["zillow", "website"], ["buyer"])
    assert (rule.areas, rule.zip_codes) == (["West Lake Hills", "Round Rock"], ["78746", "78664"])
    assert rule.price_min == 1_000_000
    weights = dict(rule.members.values_list("agent_id", "weight"))
    assert weights == {agent.pk: 2, other_agent.pk: 1}


def test_rule_form_errors_are_plain(broker_client, agent):
    no_agents = broker_client.post(ADD_RULE, rule_form())
    bad_zip = broker_client.post(ADD_RULE, rule_form(zip_codes="787", members=[(agent, 1)]))
    default_with_conditions = broker_client.post(
        ADD_RULE, rule_form(is_default="on", sources=["zillow"], members=[(agent, 1)])
    )
    specific_without_agent = broker_client.post(ADD_RULE, rule_form(strategy=RoutingStrategy.AGENT))

    assert "A 'Round robin (weighted by capacity)' rule needs at least one agent below." in (
        no_agents.context["inline_admin_formsets"][0].formset.non_form_errors()
    )
    assert bad_zip.context["adminform"].form.errors["zip_codes"] == ["Not a 5-digit ZIP code: 787"]
    assert default_with_conditions.context["adminform"].form.errors["is_default"] == [
        "The default rule catches every lead: leave its conditions empty."
    ]
    assert specific_without_agent.context["adminform"].form.errors["agent"] == [
        "Choose the agent this rule sends leads to."
    ]
    assert RoutingRule.objects.count() == 0


def test_rule_list_counts_the_leads_each_rule_routed(broker_client, agent, other_agent):
    busy = RoutingRuleFactory(name="Busy", members=[agent, other_agent])
    RoutingRuleFactory(name="Idle", members=[agent], sources=["zillow"])
    for n in range(3):
        services.lead_create_routed(email=f"r{n}@example.com", source="website")

    response = broker_client.get(RULES)

    rows = {rule.name: rule.routed for rule in response.context["cl"].result_list}
    assert rows == {"Busy": 3, "Idle": 0}
    assert busy.name.encode() in response.content


def test_agents_cannot_open_the_routing_back_office(client, agent):
    agent.is_staff = True
    agent.save()
    client.force_login(agent)

    assert client.get(RULES).status_code == 403
    assert client.get(reverse("admin:leads_routingalert_changelist")).status_code == 403


# --- leads: re-route, handoff, add -------------------------------------------------------------


def test_broker_reroutes_a_selection(broker_client, agent, other_agent, make_agent):
    cara = make_agent("agent_cara")
    RoutingRuleFactory(members=[agent, other_agent, cara])
    leads = [LeadFactory(assigned_agent=agent) for _ in range(2)]

    response = broker_client.post(
        LEADS, {"action": "reroute", ACTION_CHECKBOX_NAME: [str(lead.pk) for lead in leads]}
    )

    assert response.status_code == 302
    assigned = sorted(Lead.objects.values_list("assigned_agent__username", flat=True))
    assert assigned == ["agent_ben", "agent_cara"]
    assert messages_of(response) == ["Re-routed 2 lead(s): Agent_Ben 1, Agent_Cara 1."]


def test_reroute_with_nobody_left_warns_the_broker(broker_client, agent):
    RoutingRuleFactory(members=[agent])
    lead = LeadFactory(assigned_agent=agent)

    response = broker_client.post(
        LEADS, {"action": "reroute", ACTION_CHECKBOX_NAME: [str(lead.pk)]}
    )

    lead.refresh_from_db()
    assert lead.assigned_agent is None
    notes = messages_of(response)
    assert notes[0].startswith("Re-routed: No agent available: to the pond; broker alerted.")
    assert notes[1] == "1 lead(s) found no available agent and went to the pond."


def test_hand_off_action_routes_a_lead_with_no_agent(broker_client, agent):
    RoutingRuleFactory(members=[agent])
    lead = LeadFactory()

    broker_client.post(LEADS, {"action": "hand_off", ACTION_CHECKBOX_NAME: [str(lead.pk)]})

    lead.refresh_from_db()
    assert lead.assigned_agent == agent
    assert lead.events.get(kind=EventKind.ROUTED).data["trigger"] == "handoff"


def test_a_lead_added_in_the_admin_without_an_agent_is_routed(broker_client, other_agent):
    RoutingRuleFactory(name="Ben's", strategy=RoutingStrategy.AGENT, agent=other_agent)
    data = {
        "first_name": "Added",
        "email": "added@example.com",
        "stage": "new",
        "intent": "buyer",
        "source": "referral",
        "areas": "[]",
        "score_reasons": "[]",
    }

    response = broker_client.post(reverse("admin:leads_lead_add"), data)

    assert response.status_code == 302
    lead = Lead.objects.get()
    assert lead.assigned_agent == other_agent
    assert "Assigned to Agent_Ben by rule “Ben's” (specific agent)." in messages_of(response)


def test_the_lead_page_shows_why_it_was_routed(broker_client, agent, other_agent):
    RoutingRuleFactory(name="Everyone", members=[agent, other_agent])
    AgentAvailability.objects.create(agent=agent, away_until=timezone.now() + timedelta(days=1))
    lead, _ = services.lead_create_routed(email="why@example.com")

    response = broker_client.get(reverse("admin:leads_lead_change", args=[lead.pk]))

    assert (
        "Assigned to Agent_Ben by rule “Everyone” (round robin). Skipped: Agent_Ana (away until"
        in (response.content.decode())
    )


# --- alerts, pond, availability ------------------------------------------------------------


def test_broker_sees_routing_alerts_and_the_pond(broker_client, agent):
    RoutingRuleFactory(members=[agent])
    AgentAvailability.objects.create(agent=agent, away_until=timezone.now() + timedelta(days=1))
    pond_lead, _ = services.lead_create_routed(email="pond@example.com", first_name="Pond")
    LeadFactory(assigned_agent=agent)

    alerts = broker_client.get(reverse("admin:leads_routingalert_changelist"))
    in_pond = broker_client.get(LEADS, {"routing": "pond"})

    (alert,) = alerts.context["cl"].result_list
    assert alert.lead == pond_lead
    assert "nobody (in the pond)" in alerts.content.decode()
    assert list(in_pond.context["cl"].result_list) == [pond_lead]


def test_availability_list_shows_who_takes_leads_now(broker_client, agent, other_agent):
    AgentAvailability.objects.create(agent=agent, away_until=timezone.now() + timedelta(days=1))
    AgentAvailability.objects.create(agent=other_agent, hot_lead_cap=3)

    response = broker_client.get(reverse("admin:leads_agentavailability_changelist"))

    page = response.content.decode()
    assert "away until" in page
    assert "available" in page


def test_routing_pages_open_for_the_broker(broker_client, agent):
    rule = RoutingRuleFactory(members=[agent])
    services.lead_create_routed(email="page@example.com")
    availability = AgentAvailability.objects.create(agent=agent, hot_lead_cap=4)
    pages = [
        reverse("admin:leads_routingrule_change", args=[rule.pk]),
        reverse("admin:leads_leadoffer_changelist"),
        reverse("admin:leads_agentavailability_change", args=[availability.pk]),
        reverse("admin:leads_agentavailability_add"),
        reverse("admin:leads_routingalert_changelist"),
    ]

    assert [broker_client.get(url).status_code for url in pages] == [200] * len(pages)
    assert "Agent_Ana" in broker_client.get(pages[0]).content.decode()
