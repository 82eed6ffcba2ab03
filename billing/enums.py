"""Choices for billing, shared with other apps through this module."""

from django.db import models


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"
    PAID = "paid", "Paid"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    REFUNDED = "refunded", "Refunded"


# Statuses only move up this order, so a late or replayed event never moves a payment back
# (a refunded payment stays refunded). A failed card can still be paid from the same Checkout.
STATUS_RANK = {
    PaymentStatus.PENDING: 0,
    PaymentStatus.FAILED: 1,
    PaymentStatus.EXPIRED: 2,
    PaymentStatus.PAID: 3,
    PaymentStatus.PARTIALLY_REFUNDED: 4,
    PaymentStatus.REFUNDED: 5,
}
PAID_STATUSES = (
    PaymentStatus.PAID,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
)


class Channel(models.TextChoices):
    """How the payment link reached the lead (or who asked for it)."""

    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    API = "api", "API"
    BOT = "bot", "Bot"
    ADMIN = "admin", "Back office (link only)"


class Audience(models.TextChoices):
    SELLER = "seller", "Sellers"
    BUYER = "buyer", "Buyers"
    ANY = "any", "Anyone"


class RefundReason(models.TextChoices):
    """Stripe's own refund reasons (the API accepts only these)."""

    REQUESTED_BY_CUSTOMER = "requested_by_customer", "Requested by the customer"
    DUPLICATE = "duplicate", "Duplicate payment"
    FRAUDULENT = "fraudulent", "Fraudulent"


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", "Requested (not yet at Stripe)"
    PENDING = "pending", "Pending at Stripe"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"
