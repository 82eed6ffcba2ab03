"""Compliance reads other apps may use (they pass and get plain ids)."""

from __future__ import annotations

from django.db.models import QuerySet

from compliance import trec


def iabs_delivered_lead_ids() -> QuerySet:
    """Lead ids (a subquery) that have received TREC's Information About Brokerage Services."""
    return trec.notice_delivered_lead_ids(trec.Notice.IABS)
