"""seed_demo: roles and logins, listings in every area inside their price bands, leads with
conversations at every stage, and a second run that changes nothing."""

from __future__ import annotations

import io
from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from bots.models import BotDecision, Conversation, Message
from enterprisehub.accounts import roles
from enterprisehub.accounts.models import User
from enterprisehub.demo import listings as demo_listings
from enterprisehub.demo import people
from enterprisehub.demo.areas import AREAS, BANDS
from enterprisehub.demo.lead_plans import demo_phone
from leads import selectors
from leads.enums import Stage
from leads.models import Lead, LeadEvent
from leads.routing.models import RoutingRule
from properties.enums import StandardStatus
from properties.models import Property
from properties.selectors import listing_similar

SMALL = {"listings": 100, "leads": 30}


def _seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (User, Property, Lead, LeadEvent, Conversation, Message, BotDecision)
    return {m.__name__: m.objects.count() for m in models}


@pytest.mark.django_db
def test_seed_demo_creates_broker_and_agents_with_printed_logins():
    out = _seed()

    broker = User.objects.get(username=people.BROKER.username)
    assert broker.is_superuser and broker.is_staff and broker.is_broker
    assert set(broker.groups.values_list("name", flat=True)) == {roles.BROKERS}
    assert broker.check_password(people.BROKER.password)
    for demo in people.AGENTS:
        agent = User.objects.get(username=demo.username)
        assert agent.is_agent and not agent.is_staff and not agent.is_broker
        assert agent.check_password(demo.password)
        assert f"{demo.username:<10} {demo.password}" in out
    assert f"{people.BROKER.username:<10} {people.BROKER.password}" in out


@pytest.mark.django_db
def test_seed_demo_listings_cover_every_area_inside_its_price_band():
    _seed()

    rows = list(Property.objects.filter(source=demo_listings.SOURCE))
    assert sorted(p.listing_key for p in rows) == [f"DEMO-{i:05d}" for i in range(1, 101)]
    for area in AREAS:
        zips = {z.code: z for z in area.zips}
        in_area = [p for p in rows if p.postal_code in zips]
        assert in_area, area.name
        low, high = area.price_range
        for p in in_area:
            assert low <= p.list_price <= high, (area.name, p.listing_key, p.list_price)
            assert p.city == area.city
            box = zips[p.postal_code]
            assert box.lat[0] <= p.latitude <= box.lat[1]
            assert box.lon[0] <= p.longitude <= box.lon[1]
    assert min(p.list_price for p in rows) >= BANDS["entry"][0]
    assert any(p.list_price >= BANDS["luxury"][0] for p in rows)


@pytest.mark.django_db
def test_seed_demo_listings_have_feature_vectors_so_similar_listings_work():
    _seed()
    active = Property.objects.filter(standard_status=StandardStatus.ACTIVE).first()

    similar = listing_similar(listing=active, k=3)

    assert all(len(p.features) == 8 for p in Property.objects.all())
    assert len(similar) == 3
    assert active.listing_key not in {s.listing_key for s in similar}


@pytest.mark.django_db
def test_seed_demo_fills_in_feature_vectors_of_listings_seeded_without_them():
    _seed()
    Property.objects.filter(listing_key__in=["DEMO-00001", "DEMO-00002"]).update(features=[])

    _seed()

    assert not Property.objects.filter(features=[]).exists()


@pytest.mark.django_db
def test_seed_demo_closed_listings_have_recent_close_price_and_date():
    _seed()

    today = timezone.now().date()
    closed = Property.objects.filter(standard_status=StandardStatus.CLOSED)
    assert closed.exists()
    for p in closed:
        assert p.close_price is not None and p.close_price > 0
        assert today - timedelta(days=365) <= p.close_date <= today
        assert p.listing_contract_date < p.close_date
    assert not Property.objects.exclude(standard_status=StandardStatus.CLOSED).filter(
        close_price__isnull=False
    )


@pytest.mark.django_db
def test_seed_demo_leads_have_conversations_at_every_stage_and_encrypted_phones():
    _seed()

    leads = list(Lead.objects.all())
    assert len(leads) == 30
    assert {lead.stage for lead in leads} == set(Stage.values)
    agents = set(User.objects.filter(groups__name=roles.AGENTS))
    assert {lead.assigned_agent for lead in leads if lead.assigned_agent} == agents
    found = selectors.lead_get_by_phone(phone="(512) 555-1007")
    assert found is not None and found.phone == demo_phone(7)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM leads_lead")
        stored = {row[0] if isinstance(row[0], str) else bytes(row[0]).decode() for row in cursor}
    assert not any(demo_phone(i) in value for value in stored for i in range(1, 31))
    for lead in leads:
        conv = lead.conversations.get()
        messages = list(conv.messages.order_by("created_at"))
        assert messages[0].direction == "inbound"
        assert len(messages) >= 2
        assert conv.turn_count == sum(m.direction == "inbound" for m in messages)
        assert lead.created_at <= messages[0].created_at < timezone.now()
        assert 1 <= lead.score <= 10 and lead.score_reasons is not None
        kinds = set(lead.events.values_list("kind", flat=True))
        assert {"created", "scored"} <= kinds
        if lead.stage != Stage.NEW:
            assert "stage_changed" in kinds
        if conv.channel == "sms":
            assert lead.sms_consent_at == lead.created_at
        if lead.sms_opted_out_at:
            assert lead.stage == Stage.LOST
            assert messages[-2].body == "STOP"
            assert lead.events.get(kind="opted_out").at == lead.sms_opted_out_at
    assert any(lead.sms_opted_out_at for lead in leads)


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    _seed()
    before = _counts()
    snapshot = list(
        Property.objects.order_by("listing_key").values_list("listing_key", "list_price")
    )

    out = _seed()

    assert _counts() == before
    assert (
        list(Property.objects.order_by("listing_key").values_list("listing_key", "list_price"))
        == snapshot
    )
    assert "listings: 0 new" in out and "leads: 0 new" in out


def test_listing_specs_are_deterministic_for_a_seed():
    now = timezone.now()
    first = list(demo_listings.listing_specs(count=50, seed=7, now=now))
    again = list(demo_listings.listing_specs(count=50, seed=7, now=now))
    other = list(demo_listings.listing_specs(count=50, seed=8, now=now))
    assert first == again
    assert first != other


@pytest.mark.django_db
def test_seed_demo_installs_a_default_round_robin_between_the_demo_agents_once():
    out = _seed()
    rule = RoutingRule.objects.get()
    rule.claim_minutes = 30  # a broker's later change is kept by the next run
    rule.save()

    again = _seed()

    agents = {User.objects.get(username=demo.username) for demo in people.AGENTS}
    rule = RoutingRule.objects.get()
    assert (rule.is_default, rule.strategy, rule.claim_minutes) == (True, "round_robin", 30)
    assert {m.agent for m in rule.members.all()} == agents
    assert "routing: default rule 'Default round robin' installed, round robin between" in out
    assert "routing: default rule 'Default round robin' already set up" in again
    # the demo's new leads that came without an agent were routed like any new lead
    assert not Lead.objects.filter(assigned_agent__isnull=True).exists()
    assert LeadEvent.objects.filter(kind="routed", data__rule_id=rule.pk).exists()
    assert "routing: 0 new lead(s) without an agent routed" in again


@pytest.mark.django_db
def test_demo_broker_leads_through_the_api_alternate_between_the_demo_agents():
    _seed()
    client = APIClient()
    client.force_authenticate(User.objects.get(username=people.BROKER.username))

    agents = [
        client.post("/api/v1/leads/", {"email": f"po{n}@example.com"}, format="json").json()[
            "assigned_agent_name"
        ]
        for n in range(6)
    ]

    assert sorted(Counter(agents).values()) == [3, 3]
    assert set(agents) == {"Ana Torres", "Ben Whitaker"}
    assert all(agents[i] != agents[i + 1] for i in range(5))
