"""compliance_audit: findings stored once, auto-resolved when the condition ends, exit code."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from compliance import audit_scan, dsr
from compliance.models import DataSubjectRequest, Finding

pytestmark = pytest.mark.django_db
LEAD_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")
DSR_RULES = ["dsr_overdue", "dsr_due_soon"]


def _overdue(days: int = 50) -> DataSubjectRequest:
    return dsr.dsr_create(
        kind="delete", lead_id=LEAD_ID, received_at=timezone.now() - timedelta(days=days)
    )


def _audit(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("compliance_audit", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_overdue_request_is_a_critical_finding():
    request = _overdue()
    report = audit_scan.audit_run(rules=DSR_RULES)
    (finding,) = report.findings
    assert (finding.rule, finding.severity) == ("dsr_overdue", "critical")
    assert (finding.object_type, finding.object_id) == (
        "compliance.datasubjectrequest",
        str(request.pk),
    )
    assert finding.lead_id == LEAD_ID
    assert report.open_critical == 1


def test_rerun_does_not_duplicate_findings():
    _overdue()
    audit_scan.audit_run(rules=DSR_RULES)
    second = audit_scan.audit_run(rules=DSR_RULES)
    assert Finding.objects.filter(rule="dsr_overdue").count() == 1
    assert (second.created, len(second.findings)) == (0, 1)


def test_completing_the_request_resolves_the_finding(broker):
    request = _overdue()
    audit_scan.audit_run(rules=DSR_RULES)
    dsr.dsr_reject(dsr=request, actor=broker, reason="duplicate request")

    report = audit_scan.audit_run(rules=DSR_RULES)

    finding = Finding.objects.get(rule="dsr_overdue")
    assert finding.resolved_at is not None
    assert finding.detail["auto_resolved"] is True
    assert (report.auto_resolved, report.open_critical) == (1, 0)


def test_finding_resolved_by_a_broker_stays_resolved(broker):
    _overdue()
    audit_scan.audit_run(rules=DSR_RULES)
    Finding.objects.update(resolved_at=timezone.now(), resolved_by=broker)
    report = audit_scan.audit_run(rules=DSR_RULES)
    assert report.findings == []
    assert Finding.objects.count() == 1


def test_due_soon_is_a_warning():
    _overdue(days=40)
    (finding,) = audit_scan.audit_run(rules=DSR_RULES).findings
    assert (finding.rule, finding.severity) == ("dsr_due_soon", "warning")


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("call me at (512) 555-0100 after 5", ["phone"]),
        ("maria.lopez@example.com", ["email"]),
        ("budget $450,000, 3 beds, 78704, built 1998", []),
        ("", []),
    ],
)
def test_find_pii(text, kinds):
    assert audit_scan.find_pii(text) == kinds


def test_pii_copied_into_a_finding_is_flagged_without_the_value():
    Finding.objects.create(rule="x", severity="info", detail={"note": "lead said 512-555-0100"})
    (finding,) = audit_scan.audit_run(rules=["unencrypted_pii_findings"]).findings
    assert finding.detail == {"field": "detail", "kinds": ["phone"]}
    assert "555" not in json.dumps(finding.detail)


def test_unavailable_check_is_reported_as_skipped():
    @audit_scan.check("needs_missing_module")
    def needs_missing(*, since=None):
        raise audit_scan.CheckUnavailable("module x is not installed")

    try:
        report = audit_scan.audit_run(rules=["needs_missing_module"])
    finally:
        audit_scan._checks.pop("needs_missing_module")
    assert report.skipped == {"needs_missing_module": "module x is not installed"}


def test_command_exits_1_while_critical_open_and_prints_table():
    _overdue()
    code, out, err = _audit("--rule", "dsr_overdue")
    assert code == 1
    header, row = out.splitlines()
    assert header.split() == ["SEVERITY", "RULE", "OBJECT_TYPE", "OBJECT_ID", "DETAIL"]
    assert row.split()[:3] == ["critical", "dsr_overdue", "compliance.datasubjectrequest"]
    assert "1 open findings (1 critical), 1 new" in err


def test_command_exits_0_with_only_warnings_json():
    _overdue(days=40)
    code, out, _ = _audit("--format", "json", "--rule", "dsr_due_soon")
    assert code == 0
    (line,) = out.splitlines()
    row = json.loads(line)
    assert (row["severity"], row["rule"], row["lead_id"]) == (
        "warning",
        "dsr_due_soon",
        str(LEAD_ID),
    )
    assert row["detail"]["kind"] == "delete"


def test_command_csv():
    request = _overdue()
    _, out, _ = _audit("--format", "csv", "--rule", "dsr_overdue")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["rule"], r["object_id"]) for r in rows] == [("dsr_overdue", str(request.pk))]


def test_bad_since_is_a_clear_error():
    with pytest.raises(CommandError) as exc:
        call_command("compliance_audit", "--since", "last week")
    assert str(exc.value) == "--since must be a date like 2026-01-31, not 'last week'"


def test_nightly_task_returns_open_critical_count():
    from compliance.tasks import compliance_audit_task

    _overdue()
    assert compliance_audit_task.apply().get() == 1
