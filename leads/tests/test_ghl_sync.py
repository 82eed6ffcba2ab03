"""Leads out to GHL: the debounced sync and its triggers, handoffs, an erased person's contact
deleted in GHL, the beat re-queue, and `manage.py ghl_sync [--since] [--dry-run]`."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from compliance import dsr
from compliance.models import DataSubjectRequest
from leads import services
from leads.enums import Control, EventKind, Stage
from leads.ghl import sync
from leads.ghl.models import GhlSyncRun
from leads.ghl.tasks import ghl_contact_delete_task, ghl_requeue_task, sync_lead
from leads.models import Lead, LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
SYNC_TASK = "leads.ghl.tasks.sync_lead"


def test_many_changes_in_a_few_seconds_make_one_sync(
    ghl_api, task_queue, django_capture_on_commit_callbacks
):
    lead = LeadFactory(ghl_contact_id="c-1")
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_update(lead=lead, data={"stage": Stage.ENGAGED})
        services.lead_update(lead=lead, data={"budget_max": 600_000})
        services.lead_score_set(lead=lead, score=7, reasons=[])
        services.lead_update(lead=lead, data={"timeline_months": 2})

    assert task_queue.tasks() == [(SYNC_TASK, {"lead_id": str(lead.pk)})]
    lead.refresh_from_db()
    assert lead.ghl_sync_requested_at is not None


def test_contact_details_alone_do_not_echo_back_to_ghl(
    ghl_api, task_queue, django_capture_on_commit_callbacks
):
    lead = LeadFactory(ghl_contact_id="c-1")
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_update(lead=lead, data={"first_name": "Ana"})

    assert task_queue.tasks() == []


def test_a_lead_made_here_is_synced_one_from_ghl_is_not(
    ghl_api, task_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ours = LeadFactory()
        LeadFactory(ghl_contact_id="c-from-ghl")

    assert task_queue.tasks() == [(SYNC_TASK, {"lead_id": str(ours.pk)})]


def test_nothing_is_queued_when_ghl_is_not_configured(
    task_queue, django_capture_on_commit_callbacks
):
    lead = LeadFactory(ghl_contact_id="c-1")
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_update(lead=lead, data={"stage": Stage.ENGAGED})

    assert task_queue.tasks() == []
    lead.refresh_from_db()
    assert lead.ghl_sync_requested_at is None


def test_the_sync_task_sends_the_lead_and_links_the_contact(ghl_api):
    lead = LeadFactory(email="new@example.com", phone="+15125550150")

    sync_lead.run(lead_id=str(lead.pk))

    lead.refresh_from_db()
    contact = ghl_api.contacts[lead.ghl_contact_id]
    assert contact["email"] == "new@example.com"
    assert LeadEvent.objects.get(lead=lead, kind=EventKind.SYNCED).data == {
        "contact_id": lead.ghl_contact_id,
        "linked": True,
    }


def test_a_change_during_the_sync_keeps_it_due(ghl_api):
    lead = LeadFactory(email="new@example.com")
    started = timezone.now()
    Lead.objects.filter(pk=lead.pk).update(ghl_sync_requested_at=started + timedelta(seconds=1))

    sync._record_synced(lead, "c-9", started)

    lead.refresh_from_db()
    assert lead.ghl_sync_requested_at is not None


def test_a_sync_lost_with_redis_is_requeued_by_the_beat(ghl_api, task_queue):
    lead = LeadFactory(ghl_contact_id="c-1")
    Lead.objects.filter(pk=lead.pk).update(
        ghl_sync_requested_at=timezone.now() - timedelta(minutes=5)
    )

    assert ghl_requeue_task.run()["leads"] == 1
    assert task_queue.tasks() == [(SYNC_TASK, {"lead_id": str(lead.pk)})]


def test_a_transient_failure_retries_the_task_later(ghl_api):
    from celery.exceptions import Retry

    lead = LeadFactory(email="new@example.com")
    ghl_api.fail("GET", "/locations/", 503, times=3)
    ghl_api.fail("POST", "/contacts/upsert", 503, times=3)

    with pytest.raises(Retry):
        sync_lead.apply(kwargs={"lead_id": str(lead.pk)}, throw=True)


def test_handoff_stops_the_bots_and_leaves_a_note_in_ghl(
    ghl_api, task_queue, django_capture_on_commit_callbacks
):
    contact = ghl_api.add_contact(email="ana@example.com")
    lead = LeadFactory(ghl_contact_id=contact["id"], first_name="Ana", last_name="Garcia")
    with django_capture_on_commit_callbacks(execute=True):
        services.lead_hand_off(lead=lead, reason="hot lead (score 8)")
    lead.refresh_from_db()
    assert (lead.control, lead.control_reason) == (Control.HUMAN, "hot lead (score 8)")
    assert (
        "leads.ghl.tasks.ghl_handoff_task",
        {"lead_id": str(lead.pk), "reason": "hot lead (score 8)"},
    ) in task_queue.tasks()

    assert sync.handoff_push(lead_id=lead.pk, reason="hot lead (score 8)") == "note"

    assert ghl_api.notes[0]["contactId"] == contact["id"]
    assert ghl_api.notes[0]["body"].startswith(
        "EnterpriseHub handed this lead to a person (hot lead"
    )


def test_handoff_makes_an_opportunity_when_a_pipeline_is_set(ghl_api, settings):
    settings.GHL_PIPELINE_ID, settings.GHL_PIPELINE_STAGE_ID = "pipe-1", "stage-new"
    contact = ghl_api.add_contact(email="ana@example.com")
    lead = LeadFactory(ghl_contact_id=contact["id"], first_name="Ana", intent="buyer")

    assert sync.handoff_push(lead_id=lead.pk, reason="asked for a person") == "opportunity"

    opportunity = ghl_api.opportunities[0]
    assert (opportunity["pipelineId"], opportunity["pipelineStageId"]) == ("pipe-1", "stage-new")
    assert (opportunity["contactId"], opportunity["status"]) == (contact["id"], "open")


# --- an erased person's contact is deleted in GHL ---------------------------------------------


def _erase(lead, broker):
    request = dsr.dsr_create(kind=DataSubjectRequest.Kind.DELETE, lead_id=lead.pk)
    dsr.dsr_verify(dsr=request, verified_by=broker, method="called back on file number")
    return dsr.dsr_erase(dsr=request, actor=broker)


def test_dsr_erase_really_deletes_the_ghl_contact(
    ghl_api, broker, task_queue, django_capture_on_commit_callbacks
):
    contact = ghl_api.add_contact(email="ana@example.com")
    lead = LeadFactory(ghl_contact_id=contact["id"])
    with django_capture_on_commit_callbacks(execute=True):
        _erase(lead, broker)
    request = LeadEvent.objects.get(lead=lead, data__has_key="ghl_delete_requested")
    assert task_queue.tasks() == [
        ("leads.ghl.tasks.ghl_contact_delete_task", {"event_id": request.pk})
    ]

    assert ghl_contact_delete_task.run(event_id=request.pk) is True

    assert contact["id"] not in ghl_api.contacts
    request.refresh_from_db()
    assert request.data["status"] == "deleted"
    assert sync.contact_delete_pending() == []


def test_a_deletion_ghl_could_not_take_stays_pending_and_is_replayed(
    ghl_api, broker, task_queue, django_capture_on_commit_callbacks
):
    contact = ghl_api.add_contact(email="ana@example.com")
    lead = LeadFactory(ghl_contact_id=contact["id"])
    ghl_api.fail("DELETE", "/contacts/", 503, times=3)
    with django_capture_on_commit_callbacks(execute=True):
        _erase(lead, broker)
    request = LeadEvent.objects.get(lead=lead, data__has_key="ghl_delete_requested")

    from celery.exceptions import Retry

    with pytest.raises(Retry):
        ghl_contact_delete_task.apply(kwargs={"event_id": request.pk}, throw=True)
    assert [e.pk for e in sync.contact_delete_pending()] == [request.pk]
    assert ghl_requeue_task.run()["deletions"] == 1

    assert ghl_contact_delete_task.run(event_id=request.pk) is True
    assert contact["id"] not in ghl_api.contacts


# --- ghl_sync: the pull ---------------------------------------------------------------------


def _run(*args) -> str:
    out = io.StringIO()
    call_command("ghl_sync", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_ghl_sync_pulls_contacts_changed_since(ghl_api):
    ghl_api.add_contact(
        firstName="Old", email="old@example.com", dateUpdated="2026-01-01T00:00:00.000Z"
    )
    fresh = ghl_api.add_contact(
        firstName="Ana",
        phone="+15125550142",
        tags=["AI-Off"],
        dateUpdated="2026-11-30T10:00:00.000Z",
    )
    known = ghl_api.add_contact(firstName="Ben", dateUpdated="2026-11-30T11:00:00.000Z")
    LeadFactory(ghl_contact_id=known["id"], first_name="Benjamin")

    output = _run("--since", "2026-11-30T00:00:00+00:00")

    assert "fetched 2  created 1  updated 1  unchanged 0  failed 0" in output.splitlines()[-1]
    lead = Lead.objects.get(ghl_contact_id=fresh["id"])
    assert (lead.first_name, lead.phone, lead.control) == ("Ana", "+15125550142", Control.HUMAN)
    assert Lead.objects.get(ghl_contact_id=known["id"]).first_name == "Ben"
    assert not Lead.objects.filter(email_hash__isnull=False, first_name="Old").exists()
    run = GhlSyncRun.objects.get()
    assert (run.status, run.fetched, run.created, run.updated) == ("completed", 2, 1, 1)
    assert run.high_water.isoformat() == "2026-11-30T11:00:00+00:00"


def test_ghl_sync_continues_from_the_last_run(ghl_api):
    ghl_api.add_contact(firstName="Ana", dateUpdated="2026-11-30T10:00:00.000Z")
    _run("--since", "2026-11-29T00:00:00Z")
    ghl_api.add_contact(firstName="Cy", dateUpdated="2026-12-01T10:00:00.000Z")

    output = _run()

    assert "contacts changed since 2026-11-30T09:55:00+00:00" in output  # high-water - 5 min
    assert "fetched 2  created 1  updated 0  unchanged 1" in output


def test_ghl_sync_dry_run_writes_nothing(ghl_api):
    ghl_api.add_contact(firstName="Ana", dateUpdated="2026-11-30T10:00:00.000Z")

    output = _run("--since", "2026-11-29", "--dry-run")

    assert "dry run (nothing written): fetched 1  created 1" in output
    assert Lead.objects.count() == 0 and GhlSyncRun.objects.count() == 0


def test_ghl_sync_pages_through_many_contacts(ghl_api):
    for n in range(120):
        ghl_api.add_contact(
            firstName=f"P{n}", dateUpdated=f"2026-11-30T10:{n // 60:02d}:{n % 60:02d}.000Z"
        )

    output = _run("--since", "2026-11-29")

    assert "created 120" in output.splitlines()[-1]
    assert len(ghl_api.calls("POST", "/contacts/search")) == 2  # 100 a page


def test_ghl_sync_bad_since_is_a_one_line_error():
    with pytest.raises(CommandError, match=r"^--since 'yesterday' is not an ISO 8601 date"):
        _run("--since", "yesterday")


def test_ghl_sync_without_configuration_is_a_one_line_error():
    with pytest.raises(CommandError, match="GHL is not configured"):
        _run("--since", "2026-11-29")


def test_ghl_sync_when_ghl_is_down_fails_the_run_with_a_one_line_error(ghl_api):
    ghl_api.fail("POST", "/contacts/search", 503, times=3)

    with pytest.raises(CommandError, match="GHL answered 503 3 times"):
        _run("--since", "2026-11-29")

    assert GhlSyncRun.objects.get().status == "failed"
