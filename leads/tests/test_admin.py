"""The leads back office: role scoping, blind-index search, lead page, actions, access log."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from compliance.models import AccessLog
from enterprisehub import pii
from leads import selectors, services
from leads.enums import EventKind, Stage
from leads.models import Lead, LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:leads_lead_changelist")


def change_url(lead: Lead) -> str:
    return reverse("admin:leads_lead_change", args=[lead.pk])


@pytest.fixture
def staff_agent(agent):
    agent.is_staff = True
    agent.save(update_fields=["is_staff"])
    return agent


@pytest.fixture
def broker_client(client, broker):
    client.force_login(broker)
    return client


@pytest.fixture
def agent_client(client, staff_agent):
    client.force_login(staff_agent)
    return client


def shown(response) -> list[Lead]:
    return list(response.context["cl"].result_list)


def post_action(client, action: str, leads: list[Lead], **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [str(lead.pk) for lead in leads], **extra}
    return client.post(CHANGELIST, data)


# --- roles ------------------------------------------------------------------------------------


def test_broker_sees_every_lead(broker_client, agent, other_agent):
    mine = LeadFactory(assigned_agent=agent)
    theirs = LeadFactory(assigned_agent=other_agent)
    nobody = LeadFactory()

    response = broker_client.get(CHANGELIST)

    assert response.status_code == 200
    assert set(shown(response)) == {mine, theirs, nobody}


def test_staff_agent_sees_only_own_leads_in_the_list(agent_client, staff_agent, other_agent):
    mine = LeadFactory(assigned_agent=staff_agent, first_name="Mine")
    LeadFactory(assigned_agent=other_agent, first_name="Theirs")
    LeadFactory(first_name="Nobodys")

    response = agent_client.get(CHANGELIST)

    assert response.status_code == 200
    assert shown(response) == [mine]
    assert b"Theirs" not in response.content and b"Nobodys" not in response.content


def test_staff_agent_cannot_open_another_agents_lead(agent_client, staff_agent, other_agent):
    theirs = LeadFactory(assigned_agent=other_agent)
    mine = LeadFactory(assigned_agent=staff_agent)

    assert agent_client.get(change_url(mine)).status_code == 200
    response = agent_client.get(change_url(theirs))
    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    history = reverse("admin:leads_lead_history", args=[theirs.pk])
    assert agent_client.get(history).status_code == 302
    audit = reverse("admin:leads_lead_auditlog", args=[theirs.pk])
    assert agent_client.get(audit).status_code == 404
    assert agent_client.post(change_url(theirs), {"first_name": "X"}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.first_name != "X"
    assert not AccessLog.objects.filter(object_id=str(theirs.pk)).exists()


def test_staff_agent_cannot_reassign_or_search_into_other_leads(
    agent_client, staff_agent, other_agent
):
    mine = LeadFactory(assigned_agent=staff_agent)
    theirs = LeadFactory(assigned_agent=other_agent, phone="+15125550177")

    response = agent_client.get(CHANGELIST, {"q": "512-555-0177"})
    assert shown(response) == []

    post_action(agent_client, "assign_to_agent", [mine], apply="1", agent=str(other_agent.pk))
    mine.refresh_from_db()
    assert mine.assigned_agent == staff_agent
    # Acting on a lead outside the scope does nothing: the action's queryset is scoped.
    post_action(agent_client, "mark_lost", [theirs])
    theirs.refresh_from_db()
    assert theirs.stage == Stage.NEW


def test_agent_without_staff_is_sent_to_login(client, agent):
    client.force_login(agent)

    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_broker_logs_in_with_a_password_and_opens_the_list(client, broker):
    LeadFactory()
    response = client.post(
        reverse("admin:login"),
        {"username": "broker", "password": "pw-broker", "next": CHANGELIST},
    )
    assert response.status_code == 302 and response.url == CHANGELIST
    assert client.get(CHANGELIST).status_code == 200


# --- search -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["(512) 555-0100", "512.555.0100", "+15125550100"])
def test_search_by_phone_in_any_format_uses_the_blind_index(broker_client, typed):
    lead = LeadFactory(phone="+1 512 555 0100")
    LeadFactory(phone="+15125550199")

    response = broker_client.get(CHANGELIST, {"q": typed})

    assert shown(response) == [lead]


def test_search_by_email_and_by_name(broker_client):
    maria = LeadFactory(first_name="Maria", last_name="Lopez", email="maria@example.com")
    LeadFactory(first_name="Mario", last_name="Ruiz", email="mario@example.com")

    assert shown(broker_client.get(CHANGELIST, {"q": "Maria@Example.COM"})) == [maria]
    assert shown(broker_client.get(CHANGELIST, {"q": "maria lop"})) == [maria]
    assert len(shown(broker_client.get(CHANGELIST, {"q": "mari"}))) == 2
    # A partial email is not a name and matches nothing (no plaintext to scan).
    assert shown(broker_client.get(CHANGELIST, {"q": "maria@"})) == []


# --- access log -------------------------------------------------------------------------------


def test_list_and_detail_views_are_recorded(broker_client, broker):
    leads = LeadFactory.create_batch(3)

    broker_client.get(CHANGELIST)
    broker_client.get(change_url(leads[0]))

    rows = list(AccessLog.objects.order_by("at", "pk").values_list("action", "count", "object_id"))
    assert rows == [("list", 3, ""), ("view", 1, str(leads[0].pk))]
    assert set(AccessLog.objects.values_list("user", "surface")) == {(broker.pk, "admin")}


# --- lead page --------------------------------------------------------------------------------


def test_lead_page_shows_decrypted_contact_score_reasons_and_timeline(broker_client):
    lead = LeadFactory(phone="+15125550100", email="ana@example.com", first_name="Ana")
    services.lead_score_set(
        lead=lead,
        score=8,
        reasons=[{"factor": "pre_approved", "points": 3, "evidence": "Has a letter from <Bank>"}],
    )
    services.lead_update(lead=lead, data={"stage": Stage.ENGAGED})

    content = broker_client.get(change_url(lead)).content.decode()

    assert 'value="+15125550100"' in content and 'value="ana@example.com"' in content
    assert "<td>pre_approved</td><td>3</td><td>Has a letter from &lt;Bank&gt;</td>" in content
    timeline = content.split("Timeline (newest first)", 1)[1]
    assert timeline.index("Stage changed") < timeline.index("Scored") < timeline.index("Created")


def test_editing_phone_goes_through_the_service(broker_client, broker):
    lead = LeadFactory(phone="+15125550100", first_name="Ana", last_name="Diaz")
    data = _form_data(lead, phone="(512) 555-0111", stage=Stage.QUALIFIED)

    response = broker_client.post(change_url(lead), data)

    assert response.status_code == 302
    lead.refresh_from_db()
    assert lead.phone == "+15125550111"
    assert lead.phone_hash == pii.phone_hash("512.555.0111")
    assert selectors.lead_get_by_phone(phone="512 555 0111") == lead
    event = LeadEvent.objects.get(lead=lead, kind=EventKind.STAGE_CHANGED)
    assert event.data == {"from": "new", "to": "qualified"} and event.actor == broker
    assert AccessLog.objects.filter(action="update", object_id=str(lead.pk)).count() == 1


def test_bad_phone_is_a_form_error_not_a_500(broker_client):
    lead = LeadFactory(phone="+15125550100")

    response = broker_client.post(change_url(lead), _form_data(lead, phone="555-01"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "PHONE_FORMAT_ERROR" in errors["phone"][0]
    lead.refresh_from_db()
    assert lead.phone == "+15125550100"


def test_phone_of_another_lead_is_a_form_error(broker_client):
    LeadFactory(phone="+15125550100")
    lead = LeadFactory(phone="+15125550101")

    response = broker_client.post(change_url(lead), _form_data(lead, phone="512.555.0100"))

    assert response.status_code == 200
    assert "DUPLICATE_LEAD" in response.context["adminform"].form.errors["phone"][0]


def test_lead_assigned_to_a_non_agent_can_still_be_saved(broker_client, broker):
    lead = LeadFactory(assigned_agent=broker, first_name="Old")

    response = broker_client.post(change_url(lead), _form_data(lead, first_name="Renamed"))

    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.first_name, lead.assigned_agent) == ("Renamed", broker)


def test_adding_a_lead_uses_the_create_service(broker_client, agent):
    data = _form_data(Lead(), first_name="New", phone="(512) 555-0142", email="New@Example.com")
    data["assigned_agent"] = str(agent.pk)

    response = broker_client.post(reverse("admin:leads_lead_add"), data)

    assert response.status_code == 302
    lead = Lead.objects.get(first_name="New")
    assert (lead.phone, lead.email, lead.assigned_agent) == (
        "+15125550142",
        "new@example.com",
        agent,
    )
    assert lead.email_hash == pii.email_hash("new@example.com")
    assert list(lead.events.values_list("kind", flat=True)) == [EventKind.CREATED]


def test_audit_history_shows_masked_contact_changes(broker_client):
    lead = LeadFactory(phone="+15125550100")
    broker_client.post(change_url(lead), _form_data(lead, phone="512-555-0111"))

    page = broker_client.get(change_url(lead)).content.decode()
    audit = broker_client.get(reverse("admin:leads_lead_auditlog", args=[lead.pk]))

    assert audit.status_code == 200
    for content in (page.split("Audit history", 1)[1], audit.content.decode()):
        assert "[encrypted]" in content
        assert "5550100" not in content and "5550111" not in content


# --- actions ----------------------------------------------------------------------------------


def test_assign_to_agent_asks_for_the_agent_then_assigns(broker_client, broker, agent):
    leads = LeadFactory.create_batch(2)

    page = post_action(broker_client, "assign_to_agent", leads)
    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "admin/leads/lead/assign_agent.html"
    assert list(page.context["form"].fields["agent"].queryset) == [agent]  # agents only

    done = post_action(broker_client, "assign_to_agent", leads, apply="1", agent=str(agent.pk))

    assert done.status_code == 302
    for lead in leads:
        lead.refresh_from_db()
        assert lead.assigned_agent == agent
        event = lead.events.get(kind=EventKind.ASSIGNED)
        assert (event.data, event.actor) == ({"agent_id": agent.pk}, broker)


def test_assign_to_all_matching_the_filter(broker_client, agent):
    new = LeadFactory.create_batch(3)
    lost = LeadFactory(stage=Stage.LOST)
    data = {"action": "assign_to_agent", ACTION_CHECKBOX_NAME: [str(new[0].pk)]}
    data["select_across"] = "1"

    page = broker_client.post(f"{CHANGELIST}?stage=new", data)
    assert page.context["count"] == 3 and page.context["select_across"] == "1"
    broker_client.post(f"{CHANGELIST}?stage=new", {**data, "apply": "1", "agent": str(agent.pk)})

    assert set(Lead.objects.filter(assigned_agent=agent)) == set(new)
    lost.refresh_from_db()
    assert lost.assigned_agent is None


def test_mark_lost_and_hand_off_call_the_services(broker_client, broker):
    lost, handed = LeadFactory(), LeadFactory()

    post_action(broker_client, "mark_lost", [lost])
    post_action(broker_client, "hand_off", [handed])

    lost.refresh_from_db()
    assert lost.stage == Stage.LOST
    assert lost.events.get(kind=EventKind.STAGE_CHANGED).data == {"from": "new", "to": "lost"}
    assert handed.events.get(kind=EventKind.HANDED_OFF).data == {"reason": "back office"}
    handed.refresh_from_db()
    assert handed.stage == Stage.NEW


def test_hand_off_from_the_lead_page(agent_client, staff_agent):
    lead = LeadFactory(assigned_agent=staff_agent)

    response = agent_client.post(
        change_url(lead), {"CHANGE_FORM-action": "hand_off", ACTION_CHECKBOX_NAME: str(lead.pk)}
    )

    assert response.status_code == 302
    assert lead.events.filter(kind=EventKind.HANDED_OFF, actor=staff_agent).count() == 1


def _csv(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def test_broker_export_includes_decrypted_contact_and_is_recorded(broker_client, agent):
    a = LeadFactory(first_name="=HYPERLINK()", phone="+15125550100", email="a@example.com")
    b = LeadFactory(first_name="Bo", phone="+15125550101", assigned_agent=agent)
    LeadFactory()  # not selected

    response = post_action(broker_client, "export_csv", [a, b])

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = {row["id"]: row for row in _csv(response)}
    assert set(rows) == {str(a.pk), str(b.pk)}
    assert rows[str(a.pk)]["phone"] == "+15125550100"
    assert rows[str(a.pk)]["email"] == "a@example.com"
    assert rows[str(a.pk)]["first_name"] == "'=HYPERLINK()"  # no formula injection
    assert rows[str(b.pk)]["assigned_agent"] == str(agent)
    log = AccessLog.objects.get(action="export")
    assert (log.count, log.surface) == (2, "admin")


def test_agent_export_has_no_contact_columns(agent_client, staff_agent):
    lead = LeadFactory(assigned_agent=staff_agent)

    rows = _csv(post_action(agent_client, "export_csv", [lead]))

    assert [row["id"] for row in rows] == [str(lead.pk)]
    assert "phone" not in rows[0] and "email" not in rows[0]


# --- efficiency -------------------------------------------------------------------------------


def test_changelist_query_count_does_not_grow_with_leads(
    broker_client, agent, other_agent, django_assert_max_num_queries
):
    for i in range(30):
        LeadFactory(assigned_agent=(agent, other_agent, None)[i % 3])

    with django_assert_max_num_queries(12):
        response = broker_client.get(CHANGELIST)

    assert len(shown(response)) == 30


def _form_data(lead: Lead, **overrides) -> dict[str, str]:
    """The change form as the browser would post it, with `overrides` applied."""
    fields = {
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "phone": lead.phone,
        "email": lead.email,
        "ghl_contact_id": lead.ghl_contact_id or "",
        "stage": lead.stage,
        "intent": lead.intent,
        "source": lead.source,
        "assigned_agent": str(lead.assigned_agent_id or ""),
        "budget_min": "",
        "budget_max": "",
        "timeline_months": "",
        "pre_approved": "unknown",
        "bedrooms_min": "",
        "bathrooms_min": "",
        "areas": "[]",
        "property_type": "",
        "motivation": "",
        "current_home_to_sell": "unknown",
        "sms_consent_at_0": "",
        "sms_consent_at_1": "",
    }
    fields.update(overrides)
    for prefix in ("events", "conversations", "payments", "commissions"):
        fields.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return fields
