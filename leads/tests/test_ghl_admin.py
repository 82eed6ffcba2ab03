"""GHL in the back office: the sync log (filters, retry), webhook events (re-process), and the
lead page's "who answers" with the action that gives a lead back to the bots."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from compliance.models import AccessLog
from leads.enums import Control, EventKind
from leads.ghl.models import GhlSyncLog, GhlWebhookEvent
from leads.models import LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
LOG = reverse("admin:leads_ghlsynclog_changelist")
EVENTS = reverse("admin:leads_ghlwebhookevent_changelist")


@pytest.fixture
def broker_client(client, broker):
    client.force_login(broker)
    return client


def _log(lead, status, **fields):
    return GhlSyncLog.objects.create(
        lead=lead,
        operation="contact_upsert",
        status=status,
        replay={"kind": "sync_lead", "lead_id": str(lead.pk)},
        **fields,
    )


def test_sync_log_filters_by_status_and_operation(broker_client):
    lead = LeadFactory()
    failed = _log(lead, "failed", http_status=500, error="HTTP 500")
    _log(lead, "ok", http_status=200)

    response = broker_client.get(
        LOG, {"status__exact": "failed", "operation__exact": "contact_upsert"}
    )

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [failed]
    assert b"HTTP 500" in response.content


def test_retry_action_queues_the_failed_call_again_once(broker_client, ghl_api, task_queue):
    lead = LeadFactory(ghl_contact_id="c-1")
    rows = [_log(lead, "failed"), _log(lead, "retrying"), _log(lead, "ok")]

    response = broker_client.post(
        LOG, {"action": "retry", ACTION_CHECKBOX_NAME: [r.pk for r in rows]}, follow=True
    )

    assert task_queue.tasks() == [("leads.ghl.tasks.sync_lead", {"lead_id": str(lead.pk)})]
    assert "1 call(s) queued again; 2 skipped" in response.content.decode()


def test_an_agent_cannot_open_the_sync_log(client, agent):
    agent.is_staff = True
    agent.save(update_fields=["is_staff"])
    client.force_login(agent)

    assert client.get(LOG).status_code == 403


def test_webhook_events_show_the_body_and_can_be_processed_again(broker_client, task_queue):
    failed = GhlWebhookEvent.objects.create(
        webhook_id="wh-1",
        event_type="ContactCreate",
        contact_id="c-1",
        payload='{"type":"ContactCreate","id":"c-1","firstName":"Ana"}',
        auth="ed25519",
        status="failed",
        error="ValueError",
    )
    GhlWebhookEvent.objects.create(
        webhook_id="wh-2", event_type="ContactCreate", payload="{}", auth="rsa", status="processed"
    )

    page = broker_client.get(reverse("admin:leads_ghlwebhookevent_change", args=[failed.pk]))
    listed = broker_client.get(EVENTS, {"status__exact": "failed"})
    broker_client.post(
        EVENTS,
        {
            "action": "reprocess",
            ACTION_CHECKBOX_NAME: list(GhlWebhookEvent.objects.values_list("pk", flat=True)),
        },
    )

    assert "&quot;firstName&quot;: &quot;Ana&quot;" in page.content.decode()
    assert (
        AccessLog.objects.filter(
            object_type="leads.ghlwebhookevent", object_id=str(failed.pk), action="view"
        ).count()
        == 1
    )
    assert list(listed.context["cl"].result_list) == [failed]
    assert task_queue.tasks() == [
        ("leads.ghl.tasks.ghl_event_process_task", {"event_id": failed.pk, "include_failed": True})
    ]


def test_lead_page_shows_who_answers_and_the_bots_can_be_given_back(broker_client):
    from leads.services import lead_control_set

    lead = LeadFactory()
    lead_control_set(lead=lead, control=Control.HUMAN, reason="tag:AI-Off")

    page = broker_client.get(reverse("admin:leads_lead_change", args=[lead.pk]))
    broker_client.post(
        reverse("admin:leads_lead_changelist"),
        {"action": "resume_bots", ACTION_CHECKBOX_NAME: [str(lead.pk)]},
    )

    assert "Who answers (GHL)" in page.content.decode() and "tag:AI-Off" in page.content.decode()
    lead.refresh_from_db()
    assert (lead.control, lead.control_reason) == (Control.BOT, "")
    assert LeadEvent.objects.get(lead=lead, kind=EventKind.BOTS_RESUMED).data == {
        "reason": "back office"
    }
