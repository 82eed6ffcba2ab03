"""Data-subject requests (access, delete, correct): queue, identity check, fulfilment.

compliance imports no other app, so the workflows that gather or erase a person's data across
leads, bots and billing are registered at start-up by the top-most app that may read them all
(`bots.privacy.register`). Export and erase refuse to run until identity has been verified.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from compliance.models import AccessLog, ConsentRecord, DataSubjectRequest
from compliance.services import access_record
from enterprisehub.errors import ApplicationError, NotFoundError

log = logging.getLogger(__name__)

ExportHandler = Callable[..., dict[str, Any]]  # (lead_id=) -> everything held about the lead
EraseHandler = Callable[..., dict[str, Any]]  # (lead_id=, actor=) -> counts of what was erased
DUE_SOON_DAYS = 7
OPEN_STATUSES = (DataSubjectRequest.Status.RECEIVED, DataSubjectRequest.Status.VERIFIED)
_handlers: dict[str, Callable[..., dict[str, Any]]] = {}


class DsrError(ApplicationError):
    code = "DSR_ERROR"


class DsrNotVerifiedError(DsrError):
    code = "DSR_NOT_VERIFIED"


class DsrStateError(DsrError):
    code = "DSR_INVALID_STATE"


class DsrHandlerMissingError(DsrError):
    code = "DSR_HANDLER_MISSING"


def register_handlers(*, export: ExportHandler, erase: EraseHandler) -> None:
    """Install the cross-app export and erase workflows (called from an AppConfig.ready)."""
    _handlers["export"] = export
    _handlers["erase"] = erase


def _handler(name: str) -> Callable[..., dict[str, Any]]:
    try:
        return _handlers[name]
    except KeyError:
        raise DsrHandlerMissingError(f"No {name} workflow is registered.") from None


# --- writes --------------------------------------------------------------------------------


def dsr_create(
    *,
    kind: str,
    lead_id: uuid.UUID | str | None = None,
    requester_name: str = "",
    requester_contact: str = "",
    details: str = "",
    received_at: datetime | None = None,
) -> DataSubjectRequest:
    """Queue a request; it is due 45 days after receipt."""
    if kind not in DataSubjectRequest.Kind.values:
        raise DsrError(f"Unknown request kind {kind!r}.", field="kind")
    received = received_at or timezone.now()
    return DataSubjectRequest.objects.create(
        kind=kind,
        lead_id=lead_id or None,
        requester_name=requester_name,
        requester_contact=requester_contact,
        details=details,
        received_at=received,
        due_at=DataSubjectRequest.due_for(received),
    )


def dsr_verify(*, dsr: DataSubjectRequest, verified_by: Any, method: str) -> DataSubjectRequest:
    """Record who verified the requester's identity, how, and when."""
    if dsr.status not in OPEN_STATUSES:
        raise DsrStateError(f"A {dsr.status} request cannot be verified.", field="status")
    if not method.strip():
        raise DsrError("Say how the identity was verified.", field="verification_method")
    dsr.verified_at = timezone.now()
    dsr.verified_by = verified_by
    dsr.verification_method = method.strip()
    dsr.status = DataSubjectRequest.Status.VERIFIED
    dsr.save(update_fields=["verified_at", "verified_by", "verification_method", "status"])
    return dsr


def _check_ready(dsr: DataSubjectRequest, *, kind: str) -> None:
    if dsr.kind != kind:
        raise DsrStateError(f"This is a {dsr.kind} request, not {kind}.", field="kind")
    if dsr.status == DataSubjectRequest.Status.REJECTED:
        raise DsrStateError("The request was rejected.", field="status")
    if dsr.verified_at is None or dsr.verified_by_id is None:
        raise DsrNotVerifiedError(
            "Verify the requester's identity (who, how) before fulfilling the request.",
            field="verified_at",
        )
    if dsr.lead_id is None:
        raise DsrError("Link the request to a lead before fulfilling it.", field="lead_id")


def _complete(dsr: DataSubjectRequest, *, result: dict[str, Any]) -> None:
    dsr.status = DataSubjectRequest.Status.COMPLETED
    dsr.completed_at = dsr.completed_at or timezone.now()
    dsr.result = result
    dsr.save(update_fields=["status", "completed_at", "result"])


def export_json(document: dict[str, Any]) -> str:
    """Serialise an export document (dates, UUIDs and Decimals as strings)."""
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, sort_keys=True)


@transaction.atomic
def dsr_export(*, dsr: DataSubjectRequest, actor: Any, surface: str = "admin") -> dict[str, Any]:
    """Everything held about the verified requester, as a JSON-ready document."""
    _check_ready(dsr, kind=DataSubjectRequest.Kind.ACCESS)
    subject = _handler("export")(lead_id=dsr.lead_id)
    document = {
        "request": {"id": dsr.pk, "kind": dsr.kind, "received_at": dsr.received_at},
        "generated_at": timezone.now(),
        "subject": subject,
    }
    digest = hashlib.sha256(export_json(document).encode()).hexdigest()
    sections = {k: len(v) if isinstance(v, list) else 1 for k, v in subject.items()}
    _complete(dsr, result={"action": "export", "sections": sections, "sha256": digest})
    access_record(
        user=actor, action=AccessLog.Action.EXPORT, surface=surface, object_id=str(dsr.lead_id)
    )
    log.info("dsr %s: export generated for lead %s", dsr.pk, dsr.lead_id)
    return document


@transaction.atomic
def dsr_erase(*, dsr: DataSubjectRequest, actor: Any) -> DataSubjectRequest:
    """Erase the verified requester's PII everywhere and record what was done."""
    _check_ready(dsr, kind=DataSubjectRequest.Kind.DELETE)
    counts = _handler("erase")(lead_id=dsr.lead_id, actor=actor)
    _complete(dsr, result={"action": "erase", **counts})
    log.info("dsr %s: lead %s erased", dsr.pk, dsr.lead_id)
    return dsr


def subject_erase(*, lead_id: uuid.UUID | str, actor: Any = None) -> dict[str, Any]:
    """Erase a person's PII everywhere without a request (their CRM contact was deleted)."""
    counts = _handler("erase")(lead_id=lead_id, actor=actor)
    log.info("lead %s erased (no request: source record deleted)", lead_id)
    return counts


def dsr_complete(*, dsr: DataSubjectRequest, actor: Any, note: str) -> DataSubjectRequest:
    """Close a verified correction request once the data was fixed by hand."""
    _check_ready(dsr, kind=DataSubjectRequest.Kind.CORRECT)
    if not note.strip():
        raise DsrError("Say what was corrected.", field="note")
    by = getattr(actor, "pk", None)
    _complete(dsr, result={"action": "correct", "note": note.strip(), "by": by})
    return dsr


def dsr_reject(*, dsr: DataSubjectRequest, actor: Any, reason: str) -> DataSubjectRequest:
    """Reject a request (e.g. identity could not be verified), with the reason."""
    if dsr.status == DataSubjectRequest.Status.COMPLETED:
        raise DsrStateError("A completed request cannot be rejected.", field="status")
    if not reason.strip():
        raise DsrError("Give the reason for rejecting.", field="reason")
    dsr.status = DataSubjectRequest.Status.REJECTED
    dsr.completed_at = timezone.now()
    dsr.result = {"action": "reject", "reason": reason.strip(), "by": getattr(actor, "pk", None)}
    dsr.save(update_fields=["status", "completed_at", "result"])
    return dsr


# --- reads ---------------------------------------------------------------------------------


def dsr_get(*, dsr_id: int) -> DataSubjectRequest:
    """One request by id, or NotFoundError."""
    found = DataSubjectRequest.objects.select_related("verified_by").filter(pk=dsr_id).first()
    if found is None:
        raise NotFoundError("No such request.")
    return found


def dsr_open() -> QuerySet[DataSubjectRequest]:
    """Requests still to be fulfilled, the most urgent first."""
    return DataSubjectRequest.objects.filter(status__in=OPEN_STATUSES).order_by("due_at")


def dsr_overdue(*, now: datetime | None = None) -> QuerySet[DataSubjectRequest]:
    """Open requests past their 45-day deadline."""
    return dsr_open().filter(due_at__lt=now or timezone.now())


def dsr_due_soon(*, now: datetime | None = None) -> QuerySet[DataSubjectRequest]:
    """Open requests due within DUE_SOON_DAYS (not yet overdue)."""
    now = now or timezone.now()
    return dsr_open().filter(due_at__gte=now, due_at__lt=now + timedelta(days=DUE_SOON_DAYS))


def consent_export(*, lead_id: uuid.UUID | str) -> list[dict[str, Any]]:
    """The lead's consent history (evidence decrypted) for an access export."""
    rows = ConsentRecord.objects.filter(lead_id=lead_id).order_by("at")
    fields = ["channel", "action", "source", "text_shown", "evidence", "at"]
    return [{name: getattr(row, name) for name in fields} for row in rows]


def access_log_export(*, lead_id: uuid.UUID | str) -> list[dict[str, Any]]:
    """Who read this lead's record, when and through which surface."""
    rows = AccessLog.objects.filter(object_type="leads.lead", object_id=str(lead_id))
    return [
        {"user_id": r.user_id, "action": r.action, "surface": r.surface, "at": r.at}
        for r in rows.order_by("at")
    ]


def dsr_for_lead(*, lead_id: uuid.UUID | str) -> QuerySet[DataSubjectRequest]:
    """Requests linked to a lead."""
    return DataSubjectRequest.objects.filter(lead_id=lead_id).order_by("received_at")
