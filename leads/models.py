"""Lead and LeadEvent: who the lead is (PII encrypted, blind-indexed) and what happened."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from fernet_fields import EncryptedCharField, EncryptedEmailField

from enterprisehub.models import TimeStampedModel
from leads.enums import EventKind, Intent, Source, Stage, Temperature


class Lead(TimeStampedModel):
    """A prospective buyer or seller. Phone and email are encrypted at rest."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ghl_contact_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = EncryptedCharField(max_length=32, blank=True)  # E.164
    email = EncryptedEmailField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    email_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OTHER)
    intent = models.CharField(max_length=20, choices=Intent.choices, default=Intent.UNKNOWN)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.NEW)
    score = models.PositiveSmallIntegerField(default=1)
    temperature = models.CharField(
        max_length=10, choices=Temperature.choices, default=Temperature.COLD
    )
    score_reasons = models.JSONField(default=list, blank=True)  # [{factor, points, evidence}]

    budget_min = models.PositiveIntegerField(null=True, blank=True)
    budget_max = models.PositiveIntegerField(null=True, blank=True)
    timeline_months = models.PositiveSmallIntegerField(null=True, blank=True)
    pre_approved = models.BooleanField(null=True, blank=True)
    bedrooms_min = models.PositiveSmallIntegerField(null=True, blank=True)
    bathrooms_min = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    areas = models.JSONField(default=list, blank=True)
    property_type = models.CharField(max_length=50, blank=True)
    motivation = models.TextField(blank=True)
    current_home_to_sell = models.BooleanField(null=True, blank=True)

    assigned_agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
    )
    sms_consent_at = models.DateTimeField(null=True, blank=True)
    sms_opted_out_at = models.DateTimeField(null=True, blank=True)
    email_unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_contacted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["phone_hash", "-created_at"], name="lead_phone_hash_created"),
            models.Index(fields=["assigned_agent", "stage"], name="lead_agent_stage"),
            models.Index(fields=["temperature", "score"], name="lead_temperature_score"),
            models.Index(fields=["-created_at"], name="lead_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=10), name="lead_score_1_10"
            ),
        ]

    def __str__(self) -> str:
        # Names only: phone and email never appear in reprs (audit log, admin, logs).
        name = f"{self.first_name} {self.last_name}".strip()
        return name or f"Lead {str(self.id)[:8]}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class LeadEvent(models.Model):
    """One thing that happened to a lead; the funnel and the timeline are built from these."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [
            models.Index(fields=["lead", "-at"], name="leadevent_lead_at"),
            models.Index(fields=["kind", "at"], name="leadevent_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


# Routing models live beside their services in leads/routing/; importing them here registers
# them with the leads app. At the bottom: they build on LeadEvent above.
from leads.routing import models as routing_models  # noqa: E402, F401
