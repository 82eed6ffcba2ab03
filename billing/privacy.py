"""Payments and commissions in data-subject requests: exported with the person, kept (tax and
accounting records must be) but unlinked from them on erasure."""

from __future__ import annotations

import uuid
from typing import Any

from billing.models import Commission, Payment

EXPORTED_FIELDS = (
    "id",
    "purpose",
    "amount_cents",
    "currency",
    "status",
    "paid_at",
    "refunded_cents",
    "created_at",
)


def payment_export_for_lead(*, lead_id: uuid.UUID | str) -> list[dict[str, Any]]:
    """The lead's payments (amounts and dates; Stripe ids stay out)."""
    rows = Payment.objects.filter(lead_id=lead_id).order_by("created_at")
    return [{name: getattr(p, name) for name in EXPORTED_FIELDS} for p in rows]


def commission_export_for_lead(*, lead_id: uuid.UUID | str) -> list[dict[str, Any]]:
    """Commissions on the lead's closed deals (amount, date)."""
    rows = Commission.objects.filter(lead_id=lead_id).order_by("closed_on")
    return [
        {
            "id": c.pk,
            "amount_cents": c.amount_cents,
            "currency": c.currency,
            "closed_on": c.closed_on,
        }
        for c in rows
    ]


def payment_unlink_lead(*, lead_id: uuid.UUID | str) -> int:
    """Detach the lead's payments and commissions (amounts kept); return how many payments."""
    Commission.objects.filter(lead_id=lead_id).update(lead=None)
    return Payment.objects.filter(lead_id=lead_id).update(lead=None)
