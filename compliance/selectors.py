"""Compliance reads other apps may use (they pass and get plain ids)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from compliance import trec
from compliance.models import ReviewItem


def iabs_delivered_lead_ids() -> QuerySet:
    """Lead ids (a subquery) that have received TREC's Information About Brokerage Services."""
    return trec.notice_delivered_lead_ids(trec.Notice.IABS)


def review_pending_count() -> int:
    """How many held texts and unclear opt-outs wait for a person (the admin index shows it)."""
    return ReviewItem.objects.filter(status=ReviewItem.Status.PENDING).count()


def opt_out_review_pending(*, lead_id: Any) -> bool:
    """True while an unclear opt-out from the lead waits for a person (no automated texts)."""
    return ReviewItem.objects.filter(
        lead_id=lead_id, kind=ReviewItem.Kind.OPT_OUT, status=ReviewItem.Status.PENDING
    ).exists()


def review_item_for(*, kind: str, object_id: Any) -> Any:
    """The review item of one object (a message), or None."""
    return ReviewItem.objects.filter(kind=kind, object_id=str(object_id)).first()
