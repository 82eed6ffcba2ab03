"""Routing services on the database: each strategy, availability, capacity, the pond and its
alert, re-route, re-offer, claims, expiry of broadcasts, handoffs and the recorded reasons."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from leads import services as lead_services
from leads.enums import (
    EventKind,
    OfferKind,
    OfferStatus,
    RoutingOutcome,
    RoutingStrategy,
    Stage,
    Temperature,
)
from leads.exceptions import OfferClosedError, OfferNotFoundError, OfferTakenError
from leads.models import Lead, LeadEvent
from leads.routing import offers, selectors, services
from leads.routing.models import AgentAvailability, LeadOffer, RoutingRule, RoutingRuleMember
from leads.tests.factories import LeadFactory, RoutingRuleFactory

pytestmark = pytest.mark.django_db


def new_lead(**fields) -> tuple[Lead, services.RoutingResult | None]:
    fields.setdefault("email", f"{uuid.uuid4().hex[:10]}@example.com")
    return services.lead_create_routed(**fields)


def hot_lead(agent, stage=Stage.ENGAGED) -> Lead:
    lead = LeadFactory(assigned_agent=agent, stage=stage)
    return lead_services.lead_score_set(lead=lead, score=9, reasons=[])


def routing_events(lead: Lead) -> list[LeadEvent]:
    kinds = [EventKind.ROUTED, EventKind.OFFERED, EventKind.ROUTING_NO_AGENT, EventKind.CLAIMED]
    return list(lead.events.filter(kind__in=kinds).order_by("at", "id"))


@pytest.fixture
def cara(make_agent):
    return make_agent("agent_cara")


# --- strategies ------------------------------------------------------------------------------


def test_round_robin_takes_turns_and_records_the_rule(agent, other_agent):
    rule = RoutingRuleFactory(name="Everyone", members=[agent, other_agent])

    got = [new_lead()[0].assigned_agent for _ in range(4)]

    assert got == [agent, other_agent, agent, other_agent]
    lead = Lead.objects.order_by("created_at").first()
    (event,) = routing_events(lead)
    assert event.kind == EventKind.ROUTED
    assert (event.data["rule_id"], event.data["rule_name"], event.data["trigger"]) == (
        rule.pk,
        "Everyone",
        "created",
    )
    assert event.data["summary"] == (
        "Assigned to Agent_Ana by rule “Everyone” (round robin). "
        "Skipped: Agent_Ben (available, not next in turn)."
    )
    assert lead.events.filter(kind=EventKind.ASSIGNED).get().data == {"agent_id": agent.pk}


def test_specific_agent_rule_matches_its_leads_only(agent, other_agent):
    RoutingRuleFactory(
        name="Zillow to Ben",
        strategy=RoutingStrategy.AGENT,
        agent=other_agent,
        sources=["zillow"],
    )
    RoutingRuleFactory(name="Default", is_default=True, members=[agent])

    zillow, result = new_lead(source="zillow")
    website, _ = new_lead(source="website")

    assert (zillow.assigned_agent, result.rule.name) == (other_agent, "Zillow to Ben")
    assert website.assigned_agent == agent
    rules = routing_events(website)[0].data["rules"]
    assert [(r["rule_name"], r["result"]) for r in rules] == [
        ("Zillow to Ben", "no match"),
        ("Default", "took the lead"),
    ]
    assert rules[0]["detail"] == "source website is not zillow"


def test_area_zip_and_price_band_rules(agent, other_agent, cara):
    RoutingRuleFactory(
        name="West Lake luxury",
        strategy=RoutingStrategy.AGENT,
        agent=cara,
        areas=["West Lake Hills"],
        zip_codes=["78746"],
        price_min=1_000_000,
    )
    RoutingRuleFactory(name="Default", is_default=True, members=[agent])

    by_name, _ = new_lead(areas=["west lake hills"], budget_max=1_500_000)
    by_zip, _ = new_lead(areas=["78746"], budget_min=1_200_000)
    too_cheap, _ = new_lead(areas=["West Lake Hills"], budget_max=700_000)

    assert (by_name.assigned_agent, by_zip.assigned_agent) == (cara, cara)
    assert too_cheap.assigned_agent == agent


def test_broadcast_offers_the_lead_and_the_first_claim_wins(agent, other_agent, cara):
    rule = RoutingRuleFactory(
        name="Luxury broadcast",
        strategy=RoutingStrategy.BROADCAST,
        claim_minutes=10,
        members=[agent, other_agent],
    )

    lead, result = new_lead()

    assert (result.outcome, lead.assigned_agent) == (RoutingOutcome.BROADCAST, None)
    offer = result.offer
    assert offer.kind == OfferKind.BROADCAST and offer.rule == rule
    assert set(offer.agents.all()) == {agent, other_agent}
    assert timedelta(minutes=9) < offer.expires_at - timezone.now() <= timedelta(minutes=10)
    assert routing_events(lead)[0].kind == EventKind.OFFERED
    with pytest.raises(OfferNotFoundError):
        offers.offer_claim(offer_id=offer.pk, agent=cara)  # not offered to her

    offers.offer_claim(offer_id=offer.pk, agent=other_agent)

    lead.refresh_from_db()
    offer.refresh_from_db()
    assert (lead.assigned_agent, offer.status, offer.claimed_by) == (
        other_agent,
        OfferStatus.CLAIMED,
        other_agent,
    )
    claimed = routing_events(lead)[-1]
    assert (claimed.kind, claimed.actor, claimed.data["rule_id"]) == (
        EventKind.CLAIMED,
        other_agent,
        rule.pk,
    )
    with pytest.raises(OfferTakenError, match="Agent_Ben already has this lead."):
        offers.offer_claim(offer_id=offer.pk, agent=agent)


def test_pond_rule_lets_any_agent_claim(agent, other_agent):
    RoutingRuleFactory(name="Open houses", strategy=RoutingStrategy.POND, sources=["open_house"])

    lead, result = new_lead(source="open_house")

    assert (result.outcome, result.alert) == (RoutingOutcome.POND, False)
    assert list(selectors.leads_in_pond()) == [lead]
    assert list(selectors.offers_open_for(viewer=other_agent)) == [result.offer]
    offers.offer_claim(offer_id=result.offer.pk, agent=other_agent)
    lead.refresh_from_db()
    assert lead.assigned_agent == other_agent
    assert list(selectors.offers_open_for(viewer=agent)) == []


def test_an_expired_or_withdrawn_offer_cannot_be_claimed(agent):
    RoutingRuleFactory(strategy=RoutingStrategy.BROADCAST, members=[agent])
    _, result = new_lead()

    later = timezone.now() + timedelta(minutes=16)
    with pytest.raises(OfferClosedError):
        offers.offer_claim(offer_id=result.offer.pk, agent=agent, now=later)


def test_a_lead_assigned_by_hand_takes_its_offer_off_the_table(agent, other_agent, broker):
    RoutingRuleFactory(strategy=RoutingStrategy.POND)
    lead, result = new_lead()

    lead_services.lead_assign(lead=lead, agent=agent, actor=broker)

    result.offer.refresh_from_db()
    assert result.offer.status == OfferStatus.WITHDRAWN
    assert list(selectors.offers_open_for(viewer=other_agent)) == []
    with pytest.raises(OfferTakenError, match="Agent_Ana already has this lead."):
        offers.offer_claim(offer_id=result.offer.pk, agent=other_agent)


# --- availability and capacity --------------------------------------------------------------


def test_an_away_agent_is_skipped_until_the_end_date(agent, other_agent):
    RoutingRuleFactory(members=[agent, other_agent])
    until = timezone.now() + timedelta(days=3)
    services.availability_away_set(agent=agent, away_until=until, away_note="Vacation")

    leads = [new_lead()[0] for _ in range(3)]

    assert {lead.assigned_agent for lead in leads} == {other_agent}
    skipped = routing_events(leads[0])[0].data["candidates"][0]
    assert (skipped["agent_id"], skipped["reason"]) == (agent.pk, "away")
    assert skipped["detail"].startswith("away until ")

    services.availability_away_set(agent=agent, away_until=None)
    assert new_lead()[0].assigned_agent == agent  # back: next lead is hers, no burst after
    assert new_lead()[0].assigned_agent == other_agent


def test_an_agent_at_the_cap_of_open_hot_leads_is_skipped(agent, other_agent):
    RoutingRuleFactory(members=[agent, other_agent])
    AgentAvailability.objects.create(agent=agent, hot_lead_cap=2)
    hot_lead(agent)
    hot_lead(agent, stage=Stage.CLOSED)  # closed: not open
    LeadFactory(assigned_agent=agent)  # cold: not hot
    assert selectors.hot_open_counts(agent_ids=[agent.pk]) == {agent.pk: 1}

    first, _ = new_lead()
    hot_lead(agent)
    second, _ = new_lead()
    third, _ = new_lead()

    assert first.assigned_agent == agent
    assert (second.assigned_agent, third.assigned_agent) == (other_agent, other_agent)
    detail = routing_events(second)[0].data["candidates"][0]
    assert detail == {
        "agent_id": agent.pk,
        "agent_name": "Agent_Ana",
        "rule_id": detail["rule_id"],
        "status": "skipped",
        "reason": "at_capacity",
        "detail": "at cap: 2 of 2 open hot leads",
    }


def test_inactive_and_non_agent_members_are_skipped(agent, other_agent, broker):
    RoutingRuleFactory(members=[agent, broker, other_agent])
    agent.is_active = False
    agent.save()

    lead, _ = new_lead()

    assert lead.assigned_agent == other_agent
    reasons = {c["agent_id"]: c["reason"] for c in routing_events(lead)[0].data["candidates"]}
    assert reasons == {agent.pk: "inactive", broker.pk: "not_agent", other_agent.pk: ""}


def test_an_inactive_rule_is_not_used(agent, other_agent):
    RoutingRuleFactory(members=[agent], is_active=False)
    RoutingRuleFactory(members=[other_agent], is_default=True)

    assert new_lead()[0].assigned_agent == other_agent


# --- nobody available: pond + broker alert ---------------------------------------------------


def _subscribe(group: str) -> str:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    return channel


def test_nobody_available_sends_the_lead_to_the_pond_and_alerts_the_broker(
    agent, django_capture_on_commit_callbacks
):
    rule = RoutingRuleFactory(name="Only Ana", members=[agent])
    services.availability_away_set(agent=agent, away_until=timezone.now() + timedelta(hours=2))
    alerts = _subscribe(services.ALERT_GROUP)

    with django_capture_on_commit_callbacks(execute=True):
        lead, result = new_lead()

    assert (lead.assigned_agent, result.outcome, result.rule, result.alert) == (
        None,
        RoutingOutcome.POND,
        None,
        True,
    )
    assert result.offer.kind == OfferKind.POND
    (event,) = routing_events(lead)
    assert event.kind == EventKind.ROUTING_NO_AGENT
    assert event.data["rules"] == [
        {"rule_id": rule.pk, "rule_name": "Only Ana", "result": "no one available", "detail": ""}
    ]
    assert event.data["summary"].startswith(
        "No agent available: to the pond; broker alerted. Skipped: Agent_Ana (away until "
    )
    message = async_to_sync(get_channel_layer().receive)(alerts)
    assert message["event"] == "routing.no_agent"
    assert message["payload"] == {
        "lead_id": str(lead.pk),
        "event_id": event.pk,
        "summary": event.data["summary"],
    }
    assert list(selectors.leads_in_pond()) == [lead]


# --- re-route, re-offer, expiry ------------------------------------------------------------


def test_broker_reroute_moves_the_lead_to_another_agent(agent, other_agent, broker):
    RoutingRuleFactory(members=[agent, other_agent])
    lead, _ = new_lead()
    assert lead.assigned_agent == agent

    result = services.lead_reroute(lead=lead, actor=broker)

    assert result.agent == other_agent
    event = result.event
    assert (event.actor, event.data["trigger"]) == (broker, "reroute")
    assert event.data["candidates"][0]["reason"] == "current_agent"


def test_reroute_from_the_pond_withdraws_the_pond_offer(agent, broker):
    RoutingRuleFactory(members=[agent])
    services.availability_away_set(agent=agent, away_until=timezone.now() + timedelta(hours=1))
    lead, first = new_lead()
    services.availability_away_set(agent=agent, away_until=None)

    result = services.lead_reroute(lead=lead, actor=broker)

    first.offer.refresh_from_db()
    assert (result.agent, first.offer.status) == (agent, OfferStatus.WITHDRAWN)
    assert list(selectors.leads_in_pond()) == []


def test_reoffer_skips_everyone_who_let_the_lead_lapse(agent, other_agent, cara):
    RoutingRuleFactory(members=[agent, other_agent, cara])
    lead, _ = new_lead()
    assert lead.assigned_agent == agent

    second = services.lead_reoffer(lead=lead)  # Ana's claim timer ran out
    third = services.lead_reoffer(lead=second.lead)  # then Ben's
    last = services.lead_reoffer(lead=third.lead)  # then Cara's: nobody left

    assert (second.agent, third.agent, last.agent) == (other_agent, cara, None)
    assert third.event.data["passed_over"] == sorted([agent.pk, other_agent.pk])
    assert (last.outcome, last.alert, last.lead.assigned_agent) == (RoutingOutcome.POND, True, None)
    reasons = {c["agent_id"]: c["reason"] for c in last.event.data["candidates"]}
    assert reasons == dict.fromkeys([agent.pk, other_agent.pk, cara.pk], "passed_over")


def test_expired_broadcasts_are_re_offered_to_the_next_rule(agent, other_agent, cara):
    RoutingRuleFactory(
        name="Broadcast",
        strategy=RoutingStrategy.BROADCAST,
        claim_minutes=5,
        members=[agent, other_agent],
    )
    RoutingRuleFactory(name="Default", is_default=True, members=[agent, cara])
    lead, result = new_lead()
    waiting, _ = new_lead()

    assert offers.offers_expire(now=timezone.now() + timedelta(minutes=4)) == 0
    LeadOffer.objects.filter(pk=result.offer.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert offers.offers_expire() == 1
    assert offers.offers_expire() == 0  # safe to run twice

    lead.refresh_from_db()
    result.offer.refresh_from_db()
    assert (result.offer.status, lead.assigned_agent) == (OfferStatus.EXPIRED, cara)
    event = routing_events(lead)[-1]
    assert (event.data["trigger"], event.data["rule_name"]) == ("reoffer", "Default")
    assert selectors.open_offer_for(lead=waiting).status == OfferStatus.OPEN


# --- when routing runs -----------------------------------------------------------------------


def test_a_lead_created_with_an_agent_is_not_routed(agent, other_agent):
    RoutingRuleFactory(members=[other_agent])

    lead, result = new_lead(assigned_agent=agent)

    assert (lead.assigned_agent, result, routing_events(lead)) == (agent, None, [])


def test_route_is_a_no_op_for_an_assigned_lead_or_one_on_offer(agent):
    RoutingRuleFactory(strategy=RoutingStrategy.POND)
    pond_lead, _ = new_lead()
    mine = LeadFactory(assigned_agent=agent)

    assert services.lead_route(lead=pond_lead) is None
    assert services.lead_route(lead=mine) is None
    assert LeadOffer.objects.count() == 1


def test_handoff_of_a_lead_with_no_agent_routes_it(agent, other_agent):
    RoutingRuleFactory(members=[agent])
    lead = LeadFactory()  # created by a path that did not route it
    mine = LeadFactory(assigned_agent=other_agent)

    lead, result = services.lead_hand_off_routed(lead=lead, reason="hot")
    same, none = services.lead_hand_off_routed(lead=mine, reason="hot")

    assert (lead.assigned_agent, result.event.data["trigger"]) == (agent, "handoff")
    assert (same.assigned_agent, none) == (other_agent, None)
    assert lead.events.filter(kind=EventKind.HANDED_OFF).count() == 1


def test_handoff_of_a_pond_lead_tries_the_rules_again(agent):
    RoutingRuleFactory(members=[agent])
    services.availability_away_set(agent=agent, away_until=timezone.now() + timedelta(hours=1))
    lead, first = new_lead()
    services.availability_away_set(agent=agent, away_until=None)

    lead, result = services.lead_hand_off_routed(lead=lead, reason="asked for a human")

    assert lead.assigned_agent == agent
    first.offer.refresh_from_db()
    assert first.offer.status == OfferStatus.WITHDRAWN


def test_waiting_leads_are_routed_once(agent, other_agent):
    waiting = [LeadFactory() for _ in range(3)]  # made by a path that does not route
    lost = LeadFactory(stage=Stage.LOST)
    RoutingRuleFactory(members=[agent, other_agent])

    first = services.leads_waiting_route()
    again = services.leads_waiting_route()

    assert [r.lead.pk for r in first] == [lead.pk for lead in waiting]
    assert [r.agent for r in first] == [agent, other_agent, agent]
    assert again == []
    lost.refresh_from_db()
    assert lost.assigned_agent is None


# --- setup and counting ----------------------------------------------------------------------


def test_default_round_robin_is_installed_once(agent, other_agent, cara):
    rule, created = services.routing_default_ensure(agents=[agent, other_agent])
    again, created_again = services.routing_default_ensure(agents=[cara])

    assert (created, created_again, again) == (True, False, rule)
    assert (rule.is_default, rule.strategy) == (True, RoutingStrategy.ROUND_ROBIN)
    members = RoutingRuleMember.objects.filter(rule=rule).values_list("agent", flat=True)
    assert sorted(members) == sorted([agent.pk, other_agent.pk])
    assert RoutingRule.objects.count() == 1


def test_leads_are_counted_per_rule(agent, other_agent):
    everyone = RoutingRuleFactory(name="Everyone", members=[agent, other_agent])
    pond = RoutingRuleFactory(name="Open houses", strategy=RoutingStrategy.POND, position=1)
    pond.sources = ["open_house"]
    pond.save()
    for _ in range(3):
        new_lead()
    new_lead(source="open_house")
    services.availability_away_set(agent=agent, away_until=timezone.now() + timedelta(hours=1))
    services.availability_away_set(
        agent=other_agent, away_until=timezone.now() + timedelta(hours=1)
    )
    new_lead()

    counts = selectors.rule_lead_counts()

    assert [(c.rule_id, c.rule_name, c.leads) for c in counts] == [
        (everyone.pk, "Everyone", 3),
        (None, "no agent available", 1),
        (pond.pk, "Open houses", 1),
    ]


def test_agent_status_reads_like_a_sentence(agent):
    assert selectors.agent_status(agent=agent) == "available"
    AgentAvailability.objects.create(agent=agent, hot_lead_cap=1)
    hot_lead(agent)
    assert selectors.agent_status(agent=agent) == "at cap: 1 of 1 open hot leads"
    assert Lead.objects.get(assigned_agent=agent).temperature == Temperature.HOT
