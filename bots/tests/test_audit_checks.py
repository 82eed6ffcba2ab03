"""Audit checks over messages and leads: opt-out, quiet hours, consent, plain-text PII, FH."""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from bots.models import Conversation, Message
from compliance import audit_scan
from compliance.models import ConsentRecord
from leads.models import LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
CHICAGO = ZoneInfo("America/Chicago")
WEDNESDAY_2PM = datetime(2026, 3, 4, 14, 0, tzinfo=CHICAGO)
WEDNESDAY_1130PM = datetime(2026, 3, 4, 23, 30, tzinfo=CHICAGO)


def _text(lead, *, at, direction="outbound", status="sent", body="Hi from EnterpriseHub Realty"):
    conversation = Conversation.objects.filter(lead=lead).first() or Conversation.objects.create(
        lead=lead
    )
    message = Message.objects.create(
        conversation=conversation, direction=direction, status=status, body=body
    )
    Message.objects.filter(pk=message.pk).update(created_at=at)
    message.refresh_from_db()
    return message


def _rules(rule):
    return [(f.rule, f.severity, f.object_id) for f in audit_scan.audit_run(rules=[rule]).findings]


def test_text_after_opt_out_is_critical():
    lead = LeadFactory(sms_consent_at=WEDNESDAY_2PM - timedelta(days=30))
    lead.sms_opted_out_at = WEDNESDAY_2PM - timedelta(hours=1)
    lead.save()
    _text(lead, at=WEDNESDAY_2PM - timedelta(hours=2))  # before the opt-out: fine
    late = _text(lead, at=WEDNESDAY_2PM, status="queued")
    _text(lead, at=WEDNESDAY_2PM, status="blocked")  # the guard stopped it: fine

    assert _rules("sms_after_opt_out") == [("sms_after_opt_out", "critical", str(late.pk))]


def test_text_in_quiet_hours_is_critical():
    lead = LeadFactory(sms_consent_at=WEDNESDAY_2PM - timedelta(days=30))
    _text(lead, at=WEDNESDAY_2PM)
    night = _text(lead, at=WEDNESDAY_1130PM)
    _text(lead, at=WEDNESDAY_1130PM, status="scheduled")  # waiting for the window: fine

    findings = audit_scan.audit_run(rules=["sms_quiet_hours"]).findings
    assert [(f.severity, f.object_id) for f in findings] == [("critical", str(night.pk))]
    assert findings[0].detail["local_time_chicago"] == "Wed 23:30"


def test_help_answer_and_opt_out_confirmation_at_night_are_allowed():
    lead = LeadFactory(sms_consent_at=WEDNESDAY_2PM - timedelta(days=30))
    for flag in ("keyword_reply", "opt_out_confirmation"):
        message = _text(lead, at=WEDNESDAY_1130PM)
        Message.objects.filter(pk=message.pk).update(compliance_flags=[flag])

    assert _rules("sms_quiet_hours") == []


def test_text_delayed_to_morning_is_judged_by_its_send_time():
    lead = LeadFactory(sms_consent_at=WEDNESDAY_2PM - timedelta(days=30))
    message = _text(lead, at=WEDNESDAY_1130PM)
    Message.objects.filter(pk=message.pk).update(
        send_after=datetime(2026, 3, 5, 9, 0, tzinfo=CHICAGO)
    )
    assert _rules("sms_quiet_hours") == []


def test_text_without_consent_is_critical_once_per_lead():
    lead = LeadFactory()
    first = _text(lead, at=WEDNESDAY_2PM)
    _text(lead, at=WEDNESDAY_2PM + timedelta(hours=1))

    (finding,) = audit_scan.audit_run(rules=["sms_without_consent"]).findings
    assert (finding.severity, finding.object_id) == ("critical", str(lead.pk))
    assert finding.detail == {
        "first_message_id": first.pk,
        "messages": 2,
        "lead_texted_first": False,
    }


def test_reply_to_a_lead_who_texted_first_is_only_a_warning():
    lead = LeadFactory()
    _text(lead, at=WEDNESDAY_2PM - timedelta(minutes=5), direction="inbound", status="received")
    _text(lead, at=WEDNESDAY_2PM)
    assert _rules("sms_without_consent") == [("sms_without_consent", "warning", str(lead.pk))]


def test_consent_record_before_the_text_counts():
    lead = LeadFactory()
    ConsentRecord.objects.create(lead_id=lead.pk, channel="sms", action="granted", source="form")
    ConsentRecord.objects.filter(lead_id=lead.pk).update(at=WEDNESDAY_2PM - timedelta(days=1))
    _text(lead, at=WEDNESDAY_2PM)
    assert _rules("sms_without_consent") == []


def test_consent_given_after_the_text_does_not_count():
    lead = LeadFactory(sms_consent_at=WEDNESDAY_2PM + timedelta(days=1))
    _text(lead, at=WEDNESDAY_2PM)
    assert _rules("sms_without_consent") == [("sms_without_consent", "critical", str(lead.pk))]


def test_phone_in_notes_is_flagged_and_resolved_once_removed():
    lead = LeadFactory(motivation="wife's cell is 512-555-0177")
    LeadEvent.objects.create(lead=lead, kind="note", data={"text": "email bob@example.com"})

    findings = audit_scan.audit_run(rules=["unencrypted_pii"]).findings
    assert sorted((f.object_type, f.detail["kinds"][0]) for f in findings) == [
        ("leads.lead", "phone"),
        ("leads.leadevent", "email"),
    ]
    lead.motivation = "relocating"
    lead.save()
    report = audit_scan.audit_run(rules=["unencrypted_pii"])
    assert [f.object_type for f in report.findings] == ["leads.leadevent"]
    assert report.auto_resolved == 1


@dataclass
class FakeGuard:
    violation: bool
    categories: list
    matches: list


def test_fair_housing_hits_in_sent_messages(monkeypatch):
    module = types.ModuleType("compliance.fair_housing")
    module.check_fair_housing = lambda text: FakeGuard(
        "adults only" in text, ["familial_status"], ["adults only"]
    )
    monkeypatch.setitem(sys.modules, "compliance.fair_housing", module)
    lead = LeadFactory(sms_consent_at=timezone.now() - timedelta(days=1))
    bad = _text(lead, at=WEDNESDAY_2PM, body="Great unit, adults only building")
    _text(lead, at=WEDNESDAY_2PM, body="Family room and a big yard")
    _text(lead, at=WEDNESDAY_2PM, body="adults only", status="blocked")

    (finding,) = audit_scan.audit_run(rules=["fair_housing"]).findings
    assert (finding.severity, finding.object_id) == ("critical", str(bad.pk))
    assert finding.detail["categories"] == ["familial_status"]


def test_fair_housing_check_is_skipped_without_the_guard(monkeypatch):
    monkeypatch.setitem(sys.modules, "compliance.fair_housing", None)  # import raises
    report = audit_scan.audit_run(rules=["fair_housing"])
    assert report.skipped == {"fair_housing": "compliance.fair_housing is not installed"}


def test_since_limits_message_checks():
    lead = LeadFactory()
    _text(lead, at=WEDNESDAY_2PM)
    assert (
        audit_scan.audit_run(
            rules=["sms_without_consent"], since=WEDNESDAY_2PM + timedelta(days=1)
        ).findings
        == []
    )


def test_trec_check_is_skipped_until_notice_records_exist(monkeypatch):
    monkeypatch.setitem(sys.modules, "compliance.trec", None)
    report = audit_scan.audit_run(rules=["trec_iabs_missing"])
    assert report.skipped == {"trec_iabs_missing": "TREC notice records are not installed"}
