"""What each Stripe event type does to our payments and refunds (pure dispatch; the caller
holds the transaction and records the outcome)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from billing import gateway
from billing.enums import PaymentStatus, RefundStatus
from billing.exceptions import EventNotMatchedError
from billing.models import Payment, Refund
from billing.services.checkout import METADATA_SOURCE
from billing.services.payments import StripeFacts, payment_apply_facts

log = logging.getLogger(__name__)
REFUND_STATUS = {
    "pending": RefundStatus.PENDING,
    "requires_action": RefundStatus.PENDING,
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.CANCELED,
}
REFUND_RANK = {
    RefundStatus.REQUESTED: 0,
    RefundStatus.PENDING: 1,
    RefundStatus.SUCCEEDED: 2,
    RefundStatus.FAILED: 2,
    RefundStatus.CANCELED: 2,
}


@dataclass(frozen=True)
class Result:
    outcome: str
    payment: Payment | None = None


def _id(value: Any) -> str:
    """An id whether Stripe sent it bare or expanded into an object."""
    if isinstance(value, dict):
        return str(value.get("id") or "")
    return str(value or "")


def _ours(obj: dict[str, Any]) -> bool:
    return (obj.get("metadata") or {}).get("source") == METADATA_SOURCE


def _by_metadata(obj: dict[str, Any], fallback: str = "") -> Payment | None:
    raw = (obj.get("metadata") or {}).get("payment_id") or fallback
    raw = str(raw)
    return Payment.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 19 else None


def _payment_for_session(session: dict[str, Any]) -> Payment | None:
    payment = Payment.objects.filter(checkout_session_id=session["id"]).first()
    if payment is None and _ours(session):
        payment = _by_metadata(session, session.get("client_reference_id") or "")
        if payment is None:
            raise EventNotMatchedError(f"no payment for checkout session {session['id']} yet")
    return payment


def _payment_for_intent(intent_id: str, intent: dict[str, Any] | None = None) -> Payment | None:
    """Our payment for a PaymentIntent; asks Stripe for its metadata when we have not linked it."""
    if not intent_id:
        return None
    payment = Payment.objects.filter(payment_intent_id=intent_id).first()
    if payment is not None:
        return payment
    if intent is None:  # a charge or refund: its PaymentIntent says whose it is
        intent = gateway.client().v1.payment_intents.retrieve(intent_id).to_dict()
    if not _ours(intent):
        return None
    payment = _by_metadata(intent)
    if payment is None:
        raise EventNotMatchedError(f"no payment for PaymentIntent {intent_id} yet")
    return payment


def _apply(payment: Payment | None, facts: StripeFacts, outcome: str) -> Result:
    if payment is None:
        return Result("not ours")
    payment, changed = payment_apply_facts(payment=payment, facts=facts)
    return Result(outcome if changed else f"{outcome} (no change)", payment)


def _session_paid(session: dict[str, Any], created: int) -> Result:
    payment = _payment_for_session(session)
    paid = session.get("payment_status") in ("paid", "no_payment_required")
    facts = StripeFacts(
        status=PaymentStatus.PAID if paid else None,
        session_id=session["id"],
        payment_intent_id=_id(session.get("payment_intent")),
        paid_at=gateway.from_timestamp(created) if paid else None,
    )
    result = _apply(payment, facts, "paid" if paid else "awaiting bank payment")
    if payment is not None and session.get("amount_total") not in (None, payment.amount_cents):
        log.warning("checkout session %s amount differs from payment %s", session["id"], payment.pk)
        return Result(f"{result.outcome}; amount differs", result.payment)
    return result


def _session_failed(session: dict[str, Any], created: int) -> Result:
    facts = StripeFacts(
        status=PaymentStatus.FAILED,
        session_id=session["id"],
        payment_intent_id=_id(session.get("payment_intent")),
        failure_code="async_payment_failed",
        failure_message="The bank payment failed.",
    )
    return _apply(_payment_for_session(session), facts, "failed")


def _session_expired(session: dict[str, Any], created: int) -> Result:
    facts = StripeFacts(status=PaymentStatus.EXPIRED, session_id=session["id"])
    return _apply(_payment_for_session(session), facts, "expired")


def _intent_failed(intent: dict[str, Any], created: int) -> Result:
    error = intent.get("last_payment_error") or {}
    facts = StripeFacts(
        status=PaymentStatus.FAILED,
        payment_intent_id=intent["id"],
        failure_code=str(error.get("decline_code") or error.get("code") or "payment_failed"),
        failure_message=str(error.get("message") or "The payment failed."),
    )
    return _apply(_payment_for_intent(intent["id"], intent), facts, "failed")


def _charge_refunded(charge: dict[str, Any], created: int) -> Result:
    intent_id = _id(charge.get("payment_intent"))
    facts = StripeFacts(
        status=PaymentStatus.PAID,  # a refunded charge was paid first
        payment_intent_id=intent_id,
        refunded_cents=int(charge.get("amount_refunded") or 0),
        paid_at=gateway.from_timestamp(charge.get("created")),
    )
    return _apply(_payment_for_intent(intent_id), facts, "refunded")


def _refund_changed(refund: dict[str, Any], created: int) -> Result:
    row = Refund.objects.filter(stripe_refund_id=refund["id"]).first()
    raw = (refund.get("metadata") or {}).get("refund_id", "")
    if row is None and str(raw).isdigit() and len(str(raw)) < 19:
        row = Refund.objects.filter(pk=int(raw)).first()
    if row is None:
        return Result("refund made outside EnterpriseHub (charge.refunded updates the payment)")
    status = REFUND_STATUS.get(refund.get("status") or "", row.status)
    if REFUND_RANK[RefundStatus(status)] <= REFUND_RANK[RefundStatus(row.status)]:
        return Result("refund (no change)", row.payment)
    row.status, row.stripe_refund_id = status, refund["id"]
    row.failure_message = str(refund.get("failure_reason") or "")[:500]
    row.save(update_fields=["status", "stripe_refund_id", "failure_message", "updated_at"])
    return Result(f"refund {status}", row.payment)


Handler = Callable[[dict[str, Any], int], Result]
HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": _session_paid,
    "checkout.session.async_payment_succeeded": _session_paid,
    "checkout.session.async_payment_failed": _session_failed,
    "checkout.session.expired": _session_expired,
    "payment_intent.payment_failed": _intent_failed,
    "charge.refunded": _charge_refunded,
    "refund.created": _refund_changed,
    "refund.updated": _refund_changed,
    "refund.failed": _refund_changed,
}


def handle(event_type: str, payload: dict[str, Any]) -> Result:
    """Run the handler for the event's type; unknown types are acknowledged and left alone."""
    handler = HANDLERS.get(event_type)
    if handler is None:
        return Result("ignored (type not handled)")
    obj = (payload.get("data") or {}).get("object")
    if not isinstance(obj, dict) or not obj.get("id"):
        return Result("ignored (no object)")
    return handler(obj, int(payload.get("created") or 0))
