"""Compliance writes. compliance depends on no other app: callers pass ids and plain values."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

# The email gate other apps send marketing email through (pure; see compliance.email).
from compliance.email import EmailDecision, outbound_email_decide  # noqa: F401

# check_fair_housing is the documented entry point (compliance.services.check_fair_housing).
from compliance.fair_housing import GuardResult, check_fair_housing  # noqa: F401
from compliance.models import AccessLog, ConsentRecord, Finding, ReviewItem, TrecNoticeDelivery
from enterprisehub.errors import ApplicationError


def access_record(
    *,
    user: Any,
    action: str,
    surface: str,
    object_type: str = "leads.lead",
    object_id: str = "",
    count: int = 1,
) -> AccessLog:
    """Record who read (or listed/exported `count` of) which object, through which surface.

    Every read writes one row, so on PostgreSQL the row's own transaction commits without
    waiting for the WAL flush (SET LOCAL synchronous_commit = off): a read costs no fsync. A
    database crash can lose the last fraction of a second of access rows, never corrupt them;
    inside a caller's transaction the setting is left alone.
    """
    row = AccessLog(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        surface=surface,
        object_type=object_type,
        object_id=str(object_id),
        count=count,
    )
    conn = transaction.get_connection()
    if conn.vendor != "postgresql" or conn.in_atomic_block:
        row.save()
        return row
    with transaction.atomic():
        with conn.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        row.save()
    return row


# --- consent, quiet hours, TREC ---


def consent_record_create(
    *,
    lead_id: uuid.UUID | str,
    channel: str,
    action: str,
    source: str,
    text_shown: str = "",
    evidence: str = "",
) -> ConsentRecord:
    """Log a consent grant, re-affirmation or revocation (evidence is stored encrypted)."""
    return ConsentRecord.objects.create(
        lead_id=lead_id,
        channel=channel,
        action=action,
        source=source[:100],
        text_shown=text_shown,
        evidence=evidence,
    )


def trec_notice_record(
    *,
    lead_id: uuid.UUID | str,
    method: str,
    notice: str = TrecNoticeDelivery.Notice.IABS,
    by: Any = None,
    delivered_at: datetime | None = None,
    reference: str = "",
) -> TrecNoticeDelivery:
    """Record that a TREC notice (IABS by default) was delivered to a lead."""
    if method not in TrecNoticeDelivery.Method.values:
        raise ApplicationError(
            "TREC notices go by email or in person, not by text.",
            field="method",
            code="TREC_METHOD_NOT_ALLOWED",
        )
    return TrecNoticeDelivery.objects.create(
        lead_id=lead_id,
        notice=notice,
        method=method,
        delivered_at=delivered_at or timezone.now(),
        by=by if getattr(by, "is_authenticated", False) else None,
        reference=reference[:200],
    )


def finding_fair_housing_record(
    *,
    lead_id: uuid.UUID | str | None,
    object_type: str,
    object_id: str,
    categories: list[str],
    matches: list[str],
    suggestion: str = "",
) -> Finding:
    """A critical Fair Housing finding for a blocked text (categories and matched phrases only)."""
    return Finding.objects.create(
        rule="fair_housing",
        severity=Finding.Severity.CRITICAL,
        object_type=object_type,
        object_id=str(object_id),
        lead_id=lead_id,
        detail={"categories": list(categories), "matches": list(matches), "suggestion": suggestion},
    )


def finding_mark_resolved(*, findings: Iterable[Finding], by: Any) -> int:
    """Mark open findings resolved by `by`; returns how many changed."""
    count = 0
    for finding in findings:
        if finding.resolved_at is None:
            finding.resolved_at = timezone.now()
            finding.resolved_by = by
            finding.save(update_fields=["resolved_at", "resolved_by"])
            count += 1
    return count


# --- review queue ---


def review_item_open(
    *,
    kind: str,
    lead_id: uuid.UUID | str | None,
    object_id: str,
    verdict: str,
    categories: Iterable[str] = (),
    rule_ids: Iterable[str] = (),
    matches: Iterable[str] = (),
    reviewer: str = "rules",
    reason: str = "",
    object_type: str = "bots.message",
) -> ReviewItem:
    """Put a held text (or an unclear opt-out) in front of a person; one item per object."""
    item, _ = ReviewItem.objects.get_or_create(
        kind=kind,
        object_type=object_type,
        object_id=str(object_id),
        defaults={
            "lead_id": lead_id,
            "verdict": str(verdict),
            "categories": list(categories),
            "rule_ids": list(rule_ids),
            "matches": list(matches),
            "reviewer": str(reviewer),
            "reason": reason,
        },
    )
    return item


def review_item_decide(
    *, item: ReviewItem, status: str, by: Any, note: str = "", final_text: str = ""
) -> ReviewItem:
    """Record a person's decision on a pending item (who, when, how); decided items stay."""
    locked = ReviewItem.objects.select_for_update().get(pk=item.pk)
    if locked.status != ReviewItem.Status.PENDING:
        raise ApplicationError(
            "This item was already decided.", field="status", code="REVIEW_ALREADY_DECIDED"
        )
    if status not in ReviewItem.Status.values or status == ReviewItem.Status.PENDING:
        raise ApplicationError("Unknown decision.", field="status", code="REVIEW_BAD_DECISION")
    locked.status = status
    locked.decided_by = by if getattr(by, "is_authenticated", False) else None
    locked.decided_at = timezone.now()
    locked.note = note
    locked.final_text = final_text
    locked.save(update_fields=["status", "decided_by", "decided_at", "note", "final_text"])
    return locked
