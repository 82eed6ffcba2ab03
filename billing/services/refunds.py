"""Refunds asked of Stripe from the back office. The Payment's refunded amount and status change
only when Stripe's `charge.refunded` webhook confirms the refund."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import stripe
from django.db import transaction
from django.db.models import Sum

from billing import gateway
from billing.enums import PaymentStatus, RefundReason
from billing.exceptions import PaymentNotFoundError, PaymentProviderError, RefundRuleError
from billing.models import Payment, Refund
from billing.services.checkout import METADATA_SOURCE
from billing.services.handlers import REFUND_STATUS

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User

log = logging.getLogger(__name__)
REFUNDABLE = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)
OPEN_REFUNDS = (Refund.Status.REQUESTED, Refund.Status.PENDING, Refund.Status.SUCCEEDED)


def payment_refundable_cents(payment: Payment) -> int:
    """What may still be refunded: the amount less what is refunded or already asked for."""
    asked = payment.refunds.filter(status__in=OPEN_REFUNDS).aggregate(s=Sum("amount_cents"))["s"]
    return max(0, payment.amount_cents - max(payment.refunded_cents, asked or 0))


@transaction.atomic
def _refund_new(
    payment_id: Any, amount_cents: int | None, reason: str, note: str, actor: User | None
) -> Refund:
    payment = Payment.objects.select_for_update().filter(pk=payment_id).first()
    if payment is None:
        raise PaymentNotFoundError("No such payment.", field="payment_id")
    if payment.status not in REFUNDABLE or not payment.payment_intent_id:
        raise RefundRuleError("Only a paid payment can be refunded.", field="payment_id")
    if reason not in RefundReason.values:
        raise RefundRuleError("Choose one of Stripe's refund reasons.", field="reason")
    left = payment_refundable_cents(payment)
    amount = left if amount_cents is None else amount_cents
    if not 0 < amount <= left:
        raise RefundRuleError(
            f"The refund must be between $0.01 and ${left / 100:,.2f} (what is left to refund).",
            field="amount_cents",
        )
    return Refund.objects.create(
        payment=payment,
        amount_cents=amount,
        reason=reason,
        note=note[:500],
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def payment_refund(
    *,
    payment_id: Any,
    reason: str,
    amount_cents: int | None = None,
    note: str = "",
    actor: User | None = None,
) -> Refund:
    """Ask Stripe to refund `amount_cents` (default: all that is left) of a paid payment.

    The Refund row is written before the call and carries its own idempotency key, so a retry
    never refunds twice. A Stripe error marks the row failed and raises PaymentProviderError.
    """
    stripe_client = gateway.client()
    refund = _refund_new(payment_id, amount_cents, reason, note, actor)
    payment = refund.payment
    try:
        answer = stripe_client.v1.refunds.create(
            params={
                "payment_intent": payment.payment_intent_id,
                "amount": refund.amount_cents,
                "reason": refund.reason,
                "metadata": {
                    "source": METADATA_SOURCE,
                    "refund_id": str(refund.pk),
                    "payment_id": str(payment.pk),
                },
            },
            options={"idempotency_key": f"refund-{refund.idempotency_key}"},
        )
    except stripe.StripeError as exc:
        code, message = gateway.error_text(exc)
        refund.status, refund.failure_message = Refund.Status.FAILED, message
        refund.save(update_fields=["status", "failure_message", "updated_at"])
        log.warning("refund %s refused by Stripe: %s", refund.pk, code)
        raise PaymentProviderError(f"Stripe did not refund: {message}") from exc
    # The webhook may have got here first: never overwrite what it recorded.
    rows = Refund.objects.filter(pk=refund.pk)
    rows.filter(stripe_refund_id__isnull=True).update(stripe_refund_id=answer.id)
    status = REFUND_STATUS.get(answer.status or "", Refund.Status.PENDING)
    rows.filter(status=Refund.Status.REQUESTED).update(status=status)
    refund.refresh_from_db()
    return refund
