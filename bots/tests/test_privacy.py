"""A person's full export and erasure across leads, messages and payments; retention purge."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.utils import timezone

from billing.models import Payment
from bots import privacy
from bots.models import BotDecision, Conversation, Message
from compliance import dsr
from compliance.models import AccessLog, ConsentRecord, DataSubjectRequest, Finding
from compliance.retention import retention_run
from leads import services as lead_services
from leads.models import Lead, LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _conversation(lead: Lead, *bodies: tuple[str, str]) -> Conversation:
    conversation = Conversation.objects.create(lead=lead, summary="Maria wants 3 bed in 78704")
    for direction, body in bodies:
        Message.objects.create(conversation=conversation, direction=direction, body=body)
    return conversation


@pytest.fixture
def maria(broker) -> Lead:
    lead = LeadFactory(
        first_name="Maria",
        last_name="Lopez",
        phone="512-555-0100",
        email="maria@example.com",
        ghl_contact_id="ghl-c-123",
        motivation="relocating for work",
        stage="qualified",
    )
    lead_services.lead_score_set(
        lead=lead, score=8, reasons=[{"factor": "timeline", "points": 2, "evidence": "in May"}]
    )
    conversation = _conversation(
        lead, ("inbound", "Hi, I'm Maria, call me on 512 555 0100"), ("outbound", "Happy to!")
    )
    BotDecision.objects.create(
        message=conversation.messages.first(), kind="extraction", output={"name": "Maria"}
    )
    Payment.objects.create(lead=lead, amount_cents=15000, status="paid")
    ConsentRecord.objects.create(
        lead_id=lead.pk, channel="sms", action="granted", source="web form", evidence="YES"
    )
    AccessLog.objects.create(user=broker, action="view", surface="admin", object_id=str(lead.pk))
    return lead


def _raw(sql: str, pk) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        return bytes(cursor.fetchone()[0])


def test_export_holds_everything_decrypted(maria, broker):
    document = privacy.subject_export(lead_id=maria.pk)

    assert document["lead"]["first_name"] == "Maria"
    assert document["lead"]["phone"] == "+15125550100"
    assert document["lead"]["email"] == "maria@example.com"
    assert "phone_hash" not in document["lead"]
    assert [m["body"] for m in document["conversations"][0]["messages"]] == [
        "Hi, I'm Maria, call me on 512 555 0100",
        "Happy to!",
    ]
    assert [(p["amount_cents"], p["status"]) for p in document["payments"]] == [(15000, "paid")]
    assert [(c["action"], c["evidence"]) for c in document["consent"]] == [("granted", "YES")]
    assert [(a["user_id"], a["action"]) for a in document["access_log"]] == [(broker.pk, "view")]
    assert [e["kind"] for e in document["events"]] == ["created", "scored"]
    assert json.loads(dsr.export_json(document))["lead"]["id"] == str(maria.pk)


def test_erase_blanks_pii_keeps_funnel_unlinks_payments(maria, broker):
    result = privacy.subject_erase(lead_id=maria.pk, actor=broker)

    lead = Lead.objects.get(pk=maria.pk)
    assert (lead.first_name, lead.last_name, lead.phone, lead.email) == ("", "", "", "")
    assert (lead.phone_hash, lead.email_hash, lead.motivation) == ("", "", "")
    assert lead.ghl_contact_id is None
    assert (lead.stage, lead.score, lead.created_at) == ("qualified", 8, maria.created_at)
    assert lead.score_reasons == [{"factor": "timeline", "points": 2, "evidence": "[erased]"}]
    assert {m.body for m in Message.objects.filter(conversation__lead=lead)} == {"[erased]"}
    assert Conversation.objects.get(lead=lead).summary == ""
    assert BotDecision.objects.get().output == {}
    payment = Payment.objects.get()
    assert (payment.lead_id, payment.amount_cents, payment.status) == (None, 15000, "paid")
    assert result == {
        "lead_erased": 1,
        "events_scrubbed": 2,
        "ghl_delete_requested": True,
        "messages_erased": 2,
        "payments_unlinked": 1,
    }
    notes = [e.data for e in LeadEvent.objects.filter(lead=lead, kind="note").order_by("pk")]
    assert notes == [{"erased": True}, {"ghl_delete_requested": "ghl-c-123", "status": "pending"}]


def test_erased_values_are_not_left_in_ciphertext_hashes_or_audit_log(maria, broker):
    privacy.subject_erase(lead_id=maria.pk, actor=broker)

    assert lead_services.lead_find_duplicate(lead=Lead(phone_hash=maria.phone_hash)) is None
    entries = LogEntry.objects.filter(object_pk=str(maria.pk))
    text = " ".join(f"{e.object_repr} {e.changes} {e.changes_text}" for e in entries)
    assert entries.exists()
    assert "Maria" not in text and "Lopez" not in text and "relocating" not in text
    conv_text = " ".join(
        str(e.changes) for e in LogEntry.objects.filter(object_repr__icontains="78704")
    )
    assert conv_text == ""
    raw = _raw("SELECT body FROM bots_message WHERE direction = 'inbound' AND id > %s", 0)
    assert raw.startswith(b"gAAAA")


def test_erase_through_the_dsr_queue(maria, broker):
    request = dsr.dsr_create(kind="delete", lead_id=maria.pk)
    dsr.dsr_verify(dsr=request, verified_by=broker, method="ID shown in office")

    dsr.dsr_erase(dsr=request, actor=broker)

    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.COMPLETED
    assert request.result["messages_erased"] == 2
    assert Lead.objects.get(pk=maria.pk).first_name == ""


def test_retention_purges_only_inactive_leads(maria):
    active = LeadFactory(first_name="Active")
    _conversation(active, ("inbound", "still looking"))
    old = timezone.now() - timedelta(days=800)
    Lead.objects.filter(pk=maria.pk).update(updated_at=old, last_contacted_at=old)
    Message.objects.filter(conversation__lead=maria).update(created_at=old)

    finding = retention_run()

    assert {m.body for m in Message.objects.filter(conversation__lead=maria)} == {"[purged]"}
    assert [m.body for m in Message.objects.filter(conversation__lead=active)] == ["still looking"]
    assert finding.rule == "retention_purge"
    assert finding.severity == Finding.Severity.INFO
    assert (finding.detail["messages_purged"], finding.detail["leads"]) == (2, 1)
    assert finding.detail["summaries_purged"] == 1
    assert Conversation.objects.get(lead=maria).summary == ""
    assert Conversation.objects.get(lead=active).summary == "Maria wants 3 bed in 78704"
    assert finding.detail["retention_days"] == 730
    again = retention_run()
    assert again.detail["messages_purged"] == 0


def test_recent_message_keeps_an_old_lead_active(maria):
    old = timezone.now() - timedelta(days=800)
    Lead.objects.filter(pk=maria.pk).update(updated_at=old, last_contacted_at=old)

    assert retention_run().detail["messages_purged"] == 0
    assert Message.objects.filter(conversation__lead=maria).first().body.startswith("Hi")


def test_retention_log_carries_counts_not_content(maria, caplog):
    old = timezone.now() - timedelta(days=800)
    Lead.objects.filter(pk=maria.pk).update(updated_at=old, last_contacted_at=old)
    Message.objects.filter(conversation__lead=maria).update(created_at=old)
    with caplog.at_level("INFO", logger="compliance.retention"):
        retention_run()
    assert "messages_purged=2" in caplog.text
    assert "Maria" not in caplog.text and "555" not in caplog.text


def test_admin_verify_export_and_erase_with_the_real_workflows(maria, admin_client):
    from django.urls import reverse

    access = dsr.dsr_create(kind="access", lead_id=maria.pk)
    delete = dsr.dsr_create(kind="delete", lead_id=maria.pk)

    def act(request, name, data=None):
        url = reverse("admin:compliance_dsr_action", args=[request.pk, name])
        return admin_client.post(url, data or {})

    act(access, "verify", {"method": "code sent to the phone on file"})
    export = json.loads(act(access, "export").content)
    bodies = [m["body"] for m in export["subject"]["conversations"][0]["messages"]]
    assert bodies == ["Hi, I'm Maria, call me on 512 555 0100", "Happy to!"]
    assert export["subject"]["lead"]["email"] == "maria@example.com"

    act(delete, "verify", {"method": "ID shown in office"})
    assert act(delete, "erase", {"confirm": "ERASE"}).status_code == 302
    lead = Lead.objects.get(pk=maria.pk)
    assert (lead.first_name, lead.email, lead.stage) == ("", "", "qualified")
    delete.refresh_from_db()
    assert delete.status == DataSubjectRequest.Status.COMPLETED
