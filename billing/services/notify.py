"""E-mail a consultation payment link through the compliance email gate (CAN-SPAM footer,
unsubscribe honoured, Fair Housing guard). Texting the link is bots' job (bots sends SMS)."""

from __future__ import annotations

from smtplib import SMTPException
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMessage

from billing.enums import Channel
from billing.exceptions import PaymentLinkNotSentError
from billing.models import FeeProduct, Payment
from billing.services.checkout import (
    _lead_and_product,
    payment_checkout_create,
    payment_link_cancel,
)
from compliance import services as compliance_services

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User
    from leads.models import Lead


def payment_link_text(*, lead: Lead, product: FeeProduct, url: str) -> str:
    """The words that carry a payment link (SMS and email alike)."""
    name = lead.first_name or "Hello"
    return (
        f"{name}, here is the secure Stripe page to pay for your {product.name} "
        f"(${product.amount_cents / 100:,.2f}): {url} The link works for 24 hours."
    )


def _email_gate(lead: Lead, text: str) -> compliance_services.EmailDecision:
    decision = compliance_services.outbound_email_decide(
        text, lead_id=lead.pk, address=lead.email, unsubscribed_at=lead.email_unsubscribed_at
    )
    if not decision.send:
        reasons = ", ".join(str(r) for r in decision.reasons)
        raise PaymentLinkNotSentError(f"The email gate refused it ({reasons}).", field="lead_id")
    return decision


def payment_link_email(
    *, lead_id: Any, product_id: Any, actor: User | None = None, viewer: User | None = None
) -> Payment:
    """Open a Checkout Session and email its link to the lead; return the Payment.

    The gate is asked before Stripe is (an unsubscribed lead costs no session). If the email
    cannot be sent the session is expired at once, so no live link is left behind.
    """
    lead, product = _lead_and_product(lead_id, product_id, viewer)
    _email_gate(lead, payment_link_text(lead=lead, product=product, url=""))
    payment = payment_checkout_create(
        lead_id=lead.pk, product_id=product.pk, channel=Channel.EMAIL, actor=actor, viewer=viewer
    )
    text = payment_link_text(lead=lead, product=product, url=payment.checkout_url)
    decision = _email_gate(lead, text)
    message = EmailMessage(
        subject=f"{settings.BROKERAGE_NAME}: your {product.name}",
        body=f"{text}\n\n{settings.BROKERAGE_NAME}\n\n--\n{decision.footer.text}\n",
        to=[lead.email],
        headers=decision.footer.headers,
    )
    try:
        message.send()
    except (SMTPException, OSError) as exc:
        payment_link_cancel(payment=payment, reason="the email could not be sent")
        raise PaymentLinkNotSentError(
            "The email could not be sent; the link was withdrawn. Try again later."
        ) from exc
    return payment
