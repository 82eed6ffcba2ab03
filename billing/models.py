"""Fee products, payments (Stripe Checkout), refunds, webhook events, commissions and
reconciliation runs."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from billing.enums import Audience, Channel, PaymentStatus, RefundReason, RefundStatus
from enterprisehub.models import TimeStampedModel


class FeeProduct(TimeStampedModel):
    """A consultation a broker charges for (e.g. a seller's pricing consultation), in USD cents."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.ANY)
    amount_cents = models.PositiveIntegerField(help_text="In cents: 15000 is $150.00.")
    currency = models.CharField(max_length=3, choices=[("usd", "USD")], default="usd")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_cents__gte=50), name="feeproduct_amount_min_50_cents"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.amount_cents / 100:,.2f} {self.currency.upper()})"


class Attribution(models.Model):
    """Who gets credit for revenue: the lead's source, agent and bot variant when it happened."""

    attributed_source = models.CharField(max_length=20, blank=True)
    attributed_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attributed_variant = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True


class Payment(Attribution, TimeStampedModel):
    Status = PaymentStatus

    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="payments"
    )
    product = models.ForeignKey(
        FeeProduct, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    purpose = models.CharField(max_length=100, default="consultation")
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="usd")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    channel = models.CharField(max_length=10, choices=Channel.choices, blank=True)
    # Sent to Stripe as the Idempotency-Key of the Checkout Session: a retry for this Payment
    # can never open a second session.
    idempotency_key = models.CharField(max_length=64, unique=True, default=uuid.uuid4)
    checkout_session_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    checkout_url = models.URLField(max_length=1000, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    livemode = models.BooleanField(default=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_cents = models.PositiveIntegerField(default=0)
    failure_code = models.CharField(max_length=100, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="payment_status_created"),
            models.Index(fields=["-paid_at"], name="payment_paid_at"),
            models.Index(fields=["-created_at"], name="payment_created"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.purpose} {self.amount_cents / 100:.2f} {self.currency.upper()} ({self.status})"
        )

    @property
    def net_cents(self) -> int:
        """What the brokerage keeps: paid minus refunded (0 unless paid)."""
        if self.paid_at is None:
            return 0
        return self.amount_cents - self.refunded_cents


class Refund(TimeStampedModel):
    """A refund asked of Stripe from the back office; Stripe's webhook confirms it."""

    Status = RefundStatus

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_cents = models.PositiveIntegerField()
    reason = models.CharField(max_length=30, choices=RefundReason.choices)
    note = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    idempotency_key = models.CharField(max_length=64, unique=True, default=uuid.uuid4)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Refund {self.amount_cents / 100:.2f} ({self.status})"


class StripeEvent(models.Model):
    """A webhook event, stored once by Stripe's id before anything acts on it."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    livemode = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    payment = models.ForeignKey(
        Payment, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )

    class Meta:
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="stripeevent_unprocessed",
                condition=models.Q(processed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class Commission(Attribution, TimeStampedModel):
    """A closed deal's commission, entered by a broker on the lead."""

    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="commissions"
    )
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="usd")
    closed_on = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-closed_on", "-created_at"]
        indexes = [models.Index(fields=["-closed_on"], name="commission_closed_on")]

    def __str__(self) -> str:
        return (
            f"Commission {self.amount_cents / 100:,.2f} {self.currency.upper()} ({self.closed_on})"
        )


class ReconciliationRun(models.Model):
    """One comparison of our payments with Stripe's records, and what it found and fixed."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    since = models.DateTimeField()
    fix = models.BooleanField(default=False)
    checked = models.PositiveIntegerField(default=0)
    fixed = models.PositiveIntegerField(default=0)
    remaining = models.PositiveIntegerField(default=0)
    mismatches = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Reconciliation {self.started_at:%Y-%m-%d %H:%M} ({self.remaining} open)"
