"""A payment's state, moved only forward by what Stripe reports (webhook or reconciliation)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from billing.enums import PAID_STATUSES, STATUS_RANK, PaymentStatus
from billing.models import Payment, Refund
from billing.services import revenue
from enterprisehub import realtime
from leads import services as lead_services
from leads.enums import EventKind

log = logging.getLogger(__name__)
LIVE_GROUP = "bi.payments"


@dataclass(frozen=True)
class StripeFacts:
    """What Stripe says about one payment; None/"" means "this source does not say"."""

    status: str | None = None
    session_id: str = ""
    payment_intent_id: str = ""
    amount_cents: int | None = None
    refunded_cents: int | None = None
    paid_at: datetime | None = None
    failure_code: str = ""
    failure_message: str = ""


def payment_publish(payment: Payment, event: str) -> None:
    """Tell the live pages (after commit): the payment, its lead and its agent."""
    realtime.publish_on_commit(
        LIVE_GROUP,
        event,
        {
            "id": payment.pk,
            "lead_id": str(payment.lead_id) if payment.lead_id else None,
            "agent_id": payment.attributed_agent_id,
            "status": payment.status,
            "amount_cents": payment.amount_cents,
            "refunded_cents": payment.refunded_cents,
            "currency": payment.currency,
        },
    )


def _target_status(payment: Payment, facts: StripeFacts, refunded: int) -> str:
    candidates = [payment.status]
    if facts.status:
        candidates.append(facts.status)
    if refunded > 0:
        full = refunded >= payment.amount_cents
        candidates.append(PaymentStatus.REFUNDED if full else PaymentStatus.PARTIALLY_REFUNDED)
    return max(candidates, key=lambda s: STATUS_RANK[PaymentStatus(s)])


def _lead_event(payment: Payment, kind: str, data: dict[str, Any]) -> None:
    if payment.lead_id is not None:  # an erased lead's payments are kept, unlinked
        lead_services.lead_event_record(lead_id=payment.lead_id, kind=kind, data=data)


def _mark_paid(payment: Payment, facts: StripeFacts) -> list[str]:
    payment.paid_at = facts.paid_at or timezone.now()
    payment.failure_code = ""
    payment.failure_message = ""
    changed = ["paid_at", "failure_code", "failure_message"]
    changed += revenue.attribution_refresh(payment)
    _lead_event(
        payment,
        EventKind.PAID,
        {
            "payment_id": payment.pk,
            "amount_cents": payment.amount_cents,
            "currency": payment.currency,
            "purpose": payment.purpose,
        },
    )
    return changed


def _link_ids(payment: Payment, facts: StripeFacts) -> list[str]:
    changed = []
    if facts.payment_intent_id and payment.payment_intent_id != facts.payment_intent_id:
        payment.payment_intent_id = facts.payment_intent_id
        changed.append("payment_intent_id")
    if facts.session_id and not payment.checkout_session_id:
        payment.checkout_session_id = facts.session_id
        changed.append("checkout_session_id")
    return changed


def _confirm_refunds(payment: Payment, refunded: int) -> None:
    """Our refund rows that Stripe's refunded total now covers are confirmed."""
    covered = 0
    rows = payment.refunds.exclude(status__in=[Refund.Status.FAILED, Refund.Status.CANCELED])
    for refund in rows.order_by("created_at", "pk"):
        covered += refund.amount_cents
        if covered > refunded or refund.confirmed_at is not None:
            continue
        refund.status, refund.confirmed_at = Refund.Status.SUCCEEDED, timezone.now()
        refund.save(update_fields=["status", "confirmed_at", "updated_at"])


def _apply_refunded(payment: Payment, refunded: int) -> list[str]:
    added = refunded - payment.refunded_cents
    payment.refunded_cents = refunded
    _confirm_refunds(payment, refunded)
    _lead_event(
        payment,
        EventKind.REFUNDED,
        {
            "payment_id": payment.pk,
            "refunded_cents": added,
            "total_refunded_cents": refunded,
            "full": refunded >= payment.amount_cents,
        },
    )
    return ["refunded_cents"]


@transaction.atomic
def payment_apply_facts(*, payment: Payment, facts: StripeFacts) -> tuple[Payment, list[str]]:
    """Move the payment forward to what Stripe reports, never back; (payment, what changed).

    A refunded payment stays refunded, a paid one is never un-paid, refunded cents only grow.
    Reaching paid (even straight to refunded, when events arrive out of order) records the
    `paid` lead event once; a refund records `refunded`. Live pages hear of it after commit.
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    changed = _link_ids(payment, facts)
    refunded = max(payment.refunded_cents, facts.refunded_cents or 0)
    target = _target_status(payment, facts, refunded)
    moved = target != payment.status
    if moved:
        payment.status = target
        changed.append("status")
    if target in PAID_STATUSES and payment.paid_at is None:
        changed += _mark_paid(payment, facts)
    if refunded > payment.refunded_cents:
        changed += _apply_refunded(payment, refunded)
    if moved and target in (PaymentStatus.FAILED, PaymentStatus.EXPIRED) and facts.failure_message:
        payment.failure_code = facts.failure_code[:100]
        payment.failure_message = facts.failure_message[:500]
        changed += ["failure_code", "failure_message"]
    if not changed:
        return payment, []
    payment.save(update_fields=sorted({*changed, "updated_at"}))
    if moved:
        payment_publish(payment, f"payment.{payment.status}")
    return payment, changed
