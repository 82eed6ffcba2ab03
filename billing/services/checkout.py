"""Open a Stripe Checkout Session for a consultation fee, and close one no longer wanted.

The Payment row is written (and, outside a caller's transaction, committed) before Stripe is
called, so a crash after Stripe answers leaves a row reconciliation can match by
client_reference_id. A Stripe error marks that row failed and raises; nothing else is written.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import stripe
from django.conf import settings
from django.db import transaction

from billing import gateway
from billing.enums import Channel, PaymentStatus
from billing.exceptions import FeeProductUnavailableError, PaymentProviderError
from billing.models import FeeProduct, Payment
from billing.services import revenue
from billing.services.payments import StripeFacts, payment_apply_facts, payment_publish
from enterprisehub.errors import NotFoundError
from leads import selectors as lead_selectors
from leads import services as lead_services
from leads.enums import EventKind

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User
    from leads.models import Lead

log = logging.getLogger(__name__)
METADATA_SOURCE = "enterprisehub"  # marks the sessions this app opened (reconciliation)


def _lead_and_product(
    lead_id: Any, product_id: Any, viewer: User | None
) -> tuple[Lead, FeeProduct]:
    lead = lead_selectors.lead_get(lead_id=lead_id, viewer=viewer)
    if lead is None:
        raise NotFoundError("No such lead.", field="lead_id")
    try:
        product = FeeProduct.objects.filter(pk=int(product_id), active=True).first()
    except (TypeError, ValueError):
        product = None
    if product is None:
        raise FeeProductUnavailableError("No active fee product with this id.", field="product_id")
    return lead, product


def payment_metadata(payment: Payment) -> dict[str, str]:
    """What Stripe keeps on the session and its PaymentIntent to lead back to us."""
    return {
        "source": METADATA_SOURCE,
        "payment_id": str(payment.pk),
        "lead_id": str(payment.lead_id or ""),
        "product_id": str(payment.product_id or ""),
    }


def _session_params(payment: Payment, lead: Lead, product: FeeProduct) -> dict[str, Any]:
    params: dict[str, Any] = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": payment.currency,
                    "unit_amount": payment.amount_cents,
                    "product_data": {"name": product.name},
                },
                "quantity": 1,
            }
        ],
        "success_url": settings.STRIPE_SUCCESS_URL,
        "cancel_url": settings.STRIPE_CANCEL_URL,
        "client_reference_id": str(payment.pk),
        "metadata": payment_metadata(payment),
        "payment_intent_data": {
            "description": product.name,
            "metadata": payment_metadata(payment),
        },
    }
    if product.description:
        params["line_items"][0]["price_data"]["product_data"]["description"] = product.description
    if lead.email:
        params["customer_email"] = lead.email  # pre-fills the form; Stripe keeps the receipt
    return params


@transaction.atomic
def _payment_new(
    lead: Lead, product: FeeProduct, *, channel: str, actor: User | None, variant: str
) -> Payment:
    payment = Payment(
        lead=lead,
        product=product,
        purpose=product.name,
        amount_cents=product.amount_cents,
        currency=product.currency,
        channel=channel,
        livemode=gateway.livemode(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    revenue.attribution_fill(payment, lead, variant=variant)
    payment.save()
    return payment


def _payment_failed(payment: Payment, exc: stripe.StripeError) -> tuple[str, str]:
    code, message = gateway.error_text(exc)
    payment.status = PaymentStatus.FAILED
    payment.failure_code, payment.failure_message = code, message
    payment.save(update_fields=["status", "failure_code", "failure_message", "updated_at"])
    log.warning("checkout session for payment %s refused by Stripe: %s", payment.pk, code)
    return code, message


@transaction.atomic
def _payment_opened(payment: Payment, session: Any, actor: User | None) -> Payment:
    payment.checkout_session_id = session.id
    payment.checkout_url = session.url or ""
    payment.expires_at = gateway.from_timestamp(getattr(session, "expires_at", None))
    payment.livemode = bool(getattr(session, "livemode", payment.livemode))
    payment.save(
        update_fields=[
            "checkout_session_id",
            "checkout_url",
            "expires_at",
            "livemode",
            "updated_at",
        ]
    )
    if payment.lead_id:
        lead_services.lead_event_record(
            lead_id=payment.lead_id,
            kind=EventKind.PAYMENT_LINK,
            data={
                "payment_id": payment.pk,
                "product": payment.purpose,
                "amount_cents": payment.amount_cents,
                "channel": payment.channel,
            },
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
    payment_publish(payment, "payment.created")
    return payment


def payment_checkout_create(
    *,
    lead_id: Any,
    product_id: Any,
    channel: str = Channel.ADMIN,
    actor: User | None = None,
    viewer: User | None = None,
    bot_variant: str = "",
) -> Payment:
    """Open a Stripe Checkout Session for the fee product; return the pending Payment with its URL.

    For the bots: `payment_checkout_create(lead_id=..., product_id=..., channel="bot",
    bot_variant=conversation.variant)`, then send `payment.checkout_url` through the outbound
    gate. `viewer` scopes the lead to what that user may see (API). Raises NotFoundError,
    FeeProductUnavailableError, PaymentsNotConfiguredError / StripeKeyModeError (before anything
    is written) or PaymentProviderError (the Payment is then marked failed).
    """
    lead, product = _lead_and_product(lead_id, product_id, viewer)
    stripe_client = gateway.client()
    payment = _payment_new(lead, product, channel=channel, actor=actor, variant=bot_variant)
    try:
        session = stripe_client.v1.checkout.sessions.create(
            params=_session_params(payment, lead, product),
            options={"idempotency_key": f"checkout-{payment.idempotency_key}"},
        )
    except stripe.StripeError as exc:
        code, message = _payment_failed(payment, exc)
        raise PaymentProviderError(
            f"Stripe did not open the payment page: {message}", field=None, code="STRIPE_ERROR"
        ) from exc
    return _payment_opened(payment, session, actor)


def payment_link_cancel(*, payment: Payment, reason: str) -> Payment:
    """Expire the Checkout Session at Stripe (the link stops working) and mark the Payment expired.

    Used when the message carrying the link could not go out. If Stripe cannot be reached the
    session still expires on its own within 24 hours and its webhook closes the Payment then.
    """
    if payment.status != PaymentStatus.PENDING or not payment.checkout_session_id:
        return payment
    try:
        gateway.client().v1.checkout.sessions.expire(payment.checkout_session_id)
    except stripe.StripeError:
        log.warning("could not expire checkout session of payment %s", payment.pk, exc_info=True)
        return payment
    payment, _ = payment_apply_facts(
        payment=payment,
        facts=StripeFacts(status=PaymentStatus.EXPIRED, failure_message=reason[:500]),
    )
    return payment
