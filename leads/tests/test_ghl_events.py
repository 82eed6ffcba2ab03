"""Stored GHL events processed per contact: contacts upserted, deleted (anonymised), tags that
stop and restart the bots, DND into consent, appointments, unknown types, order and failures."""

from __future__ import annotations

import json

import pytest

from compliance.models import ConsentRecord
from leads.enums import Control, EventKind, Stage
from leads.ghl import events
from leads.ghl.events import event_process, handler_register
from leads.ghl.models import GhlWebhookEvent
from leads.models import Lead, LeadEvent
from leads.tests.factories import LeadFactory
from leads.tests.ghl_fixtures import event, post_signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ghl_keys", "task_queue")]
CONTACT = "nmFmQEsNgz6AVpgLVUJ0"


def contact_event(event_type: str, **fields):
    values = {
        "id": CONTACT,
        "firstName": "Ana",
        "lastName": "Garcia",
        "phone": "(512) 555-0142",
        "email": "Ana.Garcia@Example.com",
        "source": "zillow form",
        "tags": ["buyer-lead"],
        "dnd": False,
        **fields,
    }
    return event(event_type, **values)


def deliver(client, payload, *, run=True) -> GhlWebhookEvent:
    """POST the signed event, then process it as the Celery task would."""
    assert post_signed(client, payload).status_code == 200
    stored = GhlWebhookEvent.objects.get(webhook_id=payload["webhookId"])
    if run:
        event_process(event_id=stored.pk)
        stored.refresh_from_db()
    return stored


def test_contact_create_makes_a_lead_with_its_phone(client):
    stored = deliver(client, contact_event("ContactCreate"))

    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert (lead.first_name, lead.last_name) == ("Ana", "Garcia")
    assert (lead.phone, lead.email) == ("+15125550142", "ana.garcia@example.com")
    assert (lead.source, lead.ghl_tags, lead.control) == ("ghl_form", ["buyer-lead"], "bot")
    assert (stored.status, stored.lead_id, stored.attempts) == ("processed", lead.pk, 1)
    assert stored.processed_at is not None


def test_contact_create_links_a_lead_we_already_had_by_phone(client):
    ours = LeadFactory(phone="+15125550142", email="", first_name="Ana")

    deliver(client, contact_event("ContactCreate", email=None))

    ours.refresh_from_db()
    assert ours.ghl_contact_id == CONTACT
    assert Lead.objects.count() == 1


def test_contact_update_changes_details_and_keeps_what_was_not_sent(client):
    deliver(client, contact_event("ContactCreate"))

    deliver(client, contact_event("ContactUpdate", lastName="Garcia-Lopez", email=None, phone=""))

    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert lead.last_name == "Garcia-Lopez"
    assert (lead.phone, lead.email) == ("+15125550142", "ana.garcia@example.com")


def test_contact_delete_anonymises_and_keeps_the_funnel_row(client):
    deliver(client, contact_event("ContactCreate"))
    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    Lead.objects.filter(pk=lead.pk).update(stage=Stage.QUALIFIED, score=8)

    stored = deliver(client, contact_event("ContactDelete"))

    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name, lead.phone, lead.email) == ("", "", "", "")
    assert (lead.phone_hash, lead.ghl_contact_id) == ("", None)
    assert (lead.stage, lead.score) == (Stage.QUALIFIED, 8)
    notes = [e.data for e in LeadEvent.objects.filter(lead=lead, kind=EventKind.NOTE)]
    assert {"ghl_contact_deleted": True} in notes and {"erased": True} in notes
    assert not any("ghl_delete_requested" in n for n in notes)  # GHL deleted it already
    assert stored.status == "processed"


def test_contact_delete_of_an_unknown_contact_is_processed_quietly(client):
    assert deliver(client, contact_event("ContactDelete", id="never-seen")).status == "processed"


@pytest.mark.parametrize("tag", ["AI-Off", "ai-off", "Stop-Bot"])
def test_ai_off_tag_stops_the_bots_and_removing_it_restarts_them(client, tag):
    deliver(client, contact_event("ContactCreate"))

    deliver(client, contact_event("ContactTagUpdate", tags=["buyer-lead", tag]))
    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert (lead.control, lead.control_reason) == (Control.HUMAN, f"tag:{tag}")
    stopped = LeadEvent.objects.get(lead=lead, kind=EventKind.HANDED_OFF)
    assert stopped.data == {"reason": f"tag:{tag}"}

    deliver(client, contact_event("ContactTagUpdate", tags=["buyer-lead"]))
    lead.refresh_from_db()
    assert (lead.control, lead.control_reason, lead.ghl_tags) == (Control.BOT, "", ["buyer-lead"])
    assert LeadEvent.objects.get(lead=lead, kind=EventKind.BOTS_RESUMED).data == {
        "reason": "tag_removed"
    }


def test_removing_a_tag_does_not_undo_a_person_taking_over(client):
    from leads.services import lead_control_set

    deliver(client, contact_event("ContactCreate"))
    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    lead_control_set(lead=lead, control=Control.HUMAN, reason="human_reply")

    deliver(client, contact_event("ContactTagUpdate", tags=["buyer-lead", "AI-Off"]))
    deliver(client, contact_event("ContactTagUpdate", tags=["buyer-lead"]))

    lead.refresh_from_db()
    assert (lead.control, lead.control_reason) == (Control.HUMAN, "human_reply")


def test_sms_dnd_opts_the_lead_out_through_the_consent_services(client):
    deliver(client, contact_event("ContactCreate"))

    deliver(
        client,
        contact_event(
            "ContactDndUpdate",
            dnd=True,
            dndSettings={
                "SMS": {"status": "active", "message": "STOP received", "code": "103"},
                "Email": {"status": "inactive"},
            },
        ),
    )

    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert lead.sms_opted_out_at is not None
    assert lead.email_unsubscribed_at is None
    record = ConsentRecord.objects.get(lead_id=lead.pk)
    assert (record.channel, record.action, record.source) == ("sms", "revoked", "ghl_dnd")
    assert LeadEvent.objects.filter(lead=lead, kind=EventKind.OPTED_OUT).count() == 1


def test_email_dnd_unsubscribes(client):
    deliver(client, contact_event("ContactCreate"))

    deliver(client, contact_event("ContactDndUpdate", dndSettings={"Email": {"status": "active"}}))

    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert lead.email_unsubscribed_at is not None and lead.sms_opted_out_at is None


def test_dnd_lifted_in_ghl_is_not_consent(client):
    deliver(client, contact_event("ContactCreate", dnd=True))
    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert lead.sms_opted_out_at is not None

    deliver(client, contact_event("ContactDndUpdate", dndSettings={"SMS": {"status": "inactive"}}))

    lead.refresh_from_db()
    assert lead.sms_opted_out_at is not None
    assert LeadEvent.objects.filter(lead=lead, data={"ghl_dnd_cleared": "sms"}).count() == 1


def test_appointment_moves_the_stage_and_records_an_event(client):
    deliver(client, contact_event("ContactCreate"))
    appointment = {
        "id": "ap-1",
        "contactId": CONTACT,
        "calendarId": "cal-1",
        "title": "Showing with Ana Garcia",
        "startTime": "2026-12-05T15:00:00.000Z",
        "endTime": "2026-12-05T15:30:00.000Z",
        "appointmentStatus": "confirmed",
    }

    deliver(client, event("AppointmentCreate", appointment=appointment))

    lead = Lead.objects.get(ghl_contact_id=CONTACT)
    assert lead.stage == Stage.APPOINTMENT
    booked = LeadEvent.objects.get(lead=lead, kind=EventKind.APPOINTMENT)
    assert booked.data == {
        "source": "ghl",
        "id": "ap-1",
        "calendarId": "cal-1",
        "startTime": "2026-12-05T15:00:00.000Z",
        "endTime": "2026-12-05T15:30:00.000Z",
        "appointmentStatus": "confirmed",
    }
    assert LeadEvent.objects.get(lead=lead, kind=EventKind.STAGE_CHANGED).data == {
        "from": "new",
        "to": "appointment",
    }


def test_appointment_never_moves_a_closed_lead_back(client):
    deliver(client, contact_event("ContactCreate"))
    Lead.objects.filter(ghl_contact_id=CONTACT).update(stage=Stage.CLOSED)

    deliver(client, event("AppointmentCreate", appointment={"id": "ap-2", "contactId": CONTACT}))

    assert Lead.objects.get(ghl_contact_id=CONTACT).stage == Stage.CLOSED


def test_unknown_types_are_kept_and_marked_ignored(client):
    stored = deliver(
        client, event("OpportunityCreate", id="op-1", contactId=CONTACT, status="open")
    )

    assert (stored.status, stored.error) == ("ignored", "")
    assert json.loads(stored.payload)["id"] == "op-1"


def test_workflow_webhook_upserts_the_contact(client):
    from leads.tests.ghl_fixtures import WORKFLOW_PATH, WORKFLOW_SECRET, body_of

    payload = {
        "contact_id": "wf-1",
        "first_name": "Ben",
        "last_name": "Kim",
        "email": "ben@example.com",
        "phone": "+1 512 555 0199",
        "tags": "seller, AI-Off",
    }
    client.post(
        WORKFLOW_PATH,
        data=body_of(payload),
        content_type="application/json",
        HTTP_X_GHL_WORKFLOW_SECRET=WORKFLOW_SECRET,
    )

    event_process(event_id=GhlWebhookEvent.objects.get().pk)

    lead = Lead.objects.get(ghl_contact_id="wf-1")
    assert (lead.first_name, lead.phone, lead.ghl_tags) == (
        "Ben",
        "+15125550199",
        ["seller", "AI-Off"],
    )
    assert lead.control == Control.HUMAN


def test_events_of_a_contact_run_in_the_order_they_came(client):
    first = deliver(client, contact_event("ContactCreate", firstName="Old"), run=False)
    second = deliver(client, contact_event("ContactUpdate", firstName="New"), run=False)

    # The later event's task runs first: it takes the earlier one along, in order.
    assert event_process(event_id=second.pk) == 2
    assert event_process(event_id=first.pk) == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.processed_at <= second.processed_at
    assert Lead.objects.get(ghl_contact_id=CONTACT).first_name == "New"


def test_a_failing_event_is_recorded_and_does_not_block_the_next(client):
    def boom(ctx):
        raise ValueError("a phone number +15125550142 in the message")

    handler_register("TestBoom", boom)
    try:
        bad = deliver(client, event("TestBoom", contactId=CONTACT))
    finally:
        events._handlers.pop("TestBoom")
    good = deliver(client, contact_event("ContactCreate"))

    assert (bad.status, bad.error, bad.attempts) == ("failed", "ValueError", 1)
    assert good.status == "processed"


def test_failed_events_run_again_only_when_asked(client):
    calls = []

    def flaky(ctx):
        calls.append(ctx.event.pk)
        if len(calls) == 1:
            raise RuntimeError("first time")
        return None

    handler_register("TestFlaky", flaky)
    try:
        stored = deliver(client, event("TestFlaky", contactId="c-flaky"))
        assert event_process(event_id=stored.pk) == 0
        assert event_process(event_id=stored.pk, include_failed=True) == 1
    finally:
        events._handlers.pop("TestFlaky")
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("processed", 2)


def test_a_database_failure_leaves_the_events_for_a_retry(client):
    from django.db import OperationalError

    def db_down(ctx):
        raise OperationalError("server closed the connection unexpectedly")

    handler_register("TestDbDown", db_down)
    try:
        stored = deliver(client, event("TestDbDown", contactId="c-db"), run=False)
        with pytest.raises(OperationalError):
            event_process(event_id=stored.pk)
    finally:
        events._handlers.pop("TestDbDown")
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("received", 0)


def test_a_batch_task_processes_every_event_it_carries(client):
    from leads.ghl.tasks import ghl_events_process_task

    first = deliver(client, contact_event("ContactCreate"), run=False)
    other = deliver(
        client, contact_event("ContactCreate", id="c-other", phone="", email=""), run=False
    )

    assert ghl_events_process_task.run(event_ids=[first.pk, other.pk]) == 2
    assert set(GhlWebhookEvent.objects.values_list("status", flat=True)) == {"processed"}
