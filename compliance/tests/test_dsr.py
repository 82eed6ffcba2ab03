"""DSR queue rules: due date, identity verification before fulfilment, states, selectors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from compliance import dsr
from compliance.models import AccessLog, DataSubjectRequest

pytestmark = pytest.mark.django_db
LEAD_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")


@pytest.fixture
def handlers():
    """Swap the registered cross-app workflows for recording fakes (restored afterwards)."""
    saved = dict(dsr._handlers)
    calls: list[tuple[str, dict]] = []

    def export(**kwargs):
        calls.append(("export", kwargs))
        return {"lead": {"id": kwargs["lead_id"], "first_name": "Maria"}, "events": [1, 2]}

    def erase(**kwargs):
        calls.append(("erase", kwargs))
        return {"lead_erased": 1, "messages_erased": 3}

    dsr.register_handlers(export=export, erase=erase)
    yield calls
    dsr._handlers.clear()
    dsr._handlers.update(saved)


def _request(kind=DataSubjectRequest.Kind.ACCESS, **kwargs) -> DataSubjectRequest:
    return dsr.dsr_create(kind=kind, lead_id=LEAD_ID, requester_contact="+15125550100", **kwargs)


def test_due_date_is_45_days_after_receipt():
    received = datetime(2026, 1, 10, 15, 0, tzinfo=UTC)
    request = _request(received_at=received)
    assert request.due_at == datetime(2026, 2, 24, 15, 0, tzinfo=UTC)
    assert request.status == DataSubjectRequest.Status.RECEIVED


def test_unknown_kind_is_refused():
    with pytest.raises(dsr.DsrError) as exc:
        dsr.dsr_create(kind="sell", lead_id=LEAD_ID)
    assert exc.value.field == "kind"


def test_export_before_verification_is_refused(broker, handlers):
    request = _request()
    with pytest.raises(dsr.DsrNotVerifiedError) as exc:
        dsr.dsr_export(dsr=request, actor=broker)
    assert exc.value.code == "DSR_NOT_VERIFIED"
    assert handlers == []
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.RECEIVED
    assert request.completed_at is None


def test_erase_before_verification_is_refused(broker, handlers):
    request = _request(kind=DataSubjectRequest.Kind.DELETE)
    with pytest.raises(dsr.DsrNotVerifiedError):
        dsr.dsr_erase(dsr=request, actor=broker)
    assert handlers == []


def test_verification_records_who_how_and_when(broker):
    request = dsr.dsr_verify(dsr=_request(), verified_by=broker, method="  code to phone on file ")
    request.refresh_from_db()
    assert request.verified_by == broker
    assert request.verification_method == "code to phone on file"
    assert request.verified_at is not None
    assert request.status == DataSubjectRequest.Status.VERIFIED


def test_verification_needs_a_method(broker):
    with pytest.raises(dsr.DsrError) as exc:
        dsr.dsr_verify(dsr=_request(), verified_by=broker, method="  ")
    assert exc.value.field == "verification_method"


def test_verified_export_runs_the_workflow_completes_and_logs_access(broker, handlers):
    request = dsr.dsr_verify(dsr=_request(), verified_by=broker, method="ID in office")
    document = dsr.dsr_export(dsr=request, actor=broker)

    assert handlers == [("export", {"lead_id": LEAD_ID})]
    assert document["subject"]["lead"]["first_name"] == "Maria"
    assert document["request"]["id"] == request.pk
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.COMPLETED
    assert request.result["action"] == "export"
    assert request.result["sections"] == {"lead": 1, "events": 2}
    assert len(request.result["sha256"]) == 64
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.object_id) == (broker, "export", str(LEAD_ID))


def test_export_of_a_delete_request_is_refused(broker, handlers):
    request = _request(kind=DataSubjectRequest.Kind.DELETE)
    dsr.dsr_verify(dsr=request, verified_by=broker, method="ID")
    with pytest.raises(dsr.DsrStateError):
        dsr.dsr_export(dsr=request, actor=broker)


def test_request_without_lead_cannot_be_fulfilled(broker, handlers):
    request = dsr.dsr_create(kind=DataSubjectRequest.Kind.DELETE)
    dsr.dsr_verify(dsr=request, verified_by=broker, method="ID")
    with pytest.raises(dsr.DsrError) as exc:
        dsr.dsr_erase(dsr=request, actor=broker)
    assert exc.value.field == "lead_id"


def test_verified_erase_records_completion_with_counts(broker, handlers):
    request = _request(kind=DataSubjectRequest.Kind.DELETE)
    dsr.dsr_verify(dsr=request, verified_by=broker, method="ID")
    dsr.dsr_erase(dsr=request, actor=broker)
    request.refresh_from_db()
    assert handlers == [("erase", {"lead_id": LEAD_ID, "actor": broker})]
    assert request.status == DataSubjectRequest.Status.COMPLETED
    assert request.result == {"action": "erase", "lead_erased": 1, "messages_erased": 3}


def test_missing_workflow_is_a_clear_error(broker, handlers):
    dsr._handlers.clear()
    request = dsr.dsr_verify(dsr=_request(), verified_by=broker, method="ID")
    with pytest.raises(dsr.DsrHandlerMissingError):
        dsr.dsr_export(dsr=request, actor=broker)


def test_rejected_request_cannot_be_fulfilled(broker, handlers):
    request = dsr.dsr_verify(dsr=_request(), verified_by=broker, method="ID")
    dsr.dsr_reject(dsr=request, actor=broker, reason="not the account holder")
    assert request.result == {
        "action": "reject",
        "reason": "not the account holder",
        "by": broker.pk,
    }
    with pytest.raises(dsr.DsrStateError):
        dsr.dsr_export(dsr=request, actor=broker)


def test_correction_is_closed_with_a_note(broker):
    request = _request(kind=DataSubjectRequest.Kind.CORRECT)
    dsr.dsr_verify(dsr=request, verified_by=broker, method="ID")
    dsr.dsr_complete(dsr=request, actor=broker, note="fixed the last name")
    assert request.status == DataSubjectRequest.Status.COMPLETED
    assert request.result["note"] == "fixed the last name"


def test_overdue_and_due_soon_selectors():
    now = timezone.now()
    overdue = _request(received_at=now - timedelta(days=46))
    soon = _request(received_at=now - timedelta(days=40))
    later = _request(received_at=now - timedelta(days=1))
    done = _request(received_at=now - timedelta(days=50))
    done.status = DataSubjectRequest.Status.COMPLETED
    done.save()

    assert list(dsr.dsr_overdue()) == [overdue]
    assert list(dsr.dsr_due_soon()) == [soon]
    assert list(dsr.dsr_open()) == [overdue, soon, later]


def test_requester_contact_is_encrypted_at_rest():
    from django.db import connection

    request = _request()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT requester_contact FROM compliance_datasubjectrequest WHERE id = %s",
            [request.pk],
        )
        raw = bytes(cursor.fetchone()[0])
    assert raw.startswith(b"gAAAA")
    assert b"5125550100" not in raw
