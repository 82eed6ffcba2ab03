"""Consent records, data-subject requests, findings and the access log.

compliance depends on no other app, so leads are referenced by id (a plain UUID), not by FK.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from fernet_fields import EncryptedTextField

DSR_DUE_DAYS = 45


class ConsentRecord(models.Model):
    class Channel(models.TextChoices):
        SMS = "sms", "SMS"
        EMAIL = "email", "Email"

    class Action(models.TextChoices):
        GRANTED = "granted", "Granted"
        REVOKED = "revoked", "Revoked"
        REAFFIRMED = "reaffirmed", "Re-affirmed"

    lead_id = models.UUIDField(db_index=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    action = models.CharField(max_length=12, choices=Action.choices)
    source = models.CharField(max_length=100)  # web form, SMS keyword, agent, import
    text_shown = models.TextField(blank=True)  # the disclosure the lead agreed to
    evidence = EncryptedTextField(blank=True)  # e.g. the inbound message that revoked
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["lead_id", "channel", "-at"], name="consent_lead_ch_at")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.action} ({self.source})"


class DataSubjectRequest(models.Model):
    class Kind(models.TextChoices):
        ACCESS = "access", "Access (export)"
        DELETE = "delete", "Delete (erase)"
        CORRECT = "correct", "Correct"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        VERIFIED = "verified", "Identity verified"
        COMPLETED = "completed", "Completed"
        REJECTED = "rejected", "Rejected"

    lead_id = models.UUIDField(null=True, blank=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    requester_name = models.CharField(max_length=200, blank=True)
    requester_contact = EncryptedTextField(blank=True)
    details = EncryptedTextField(blank=True)
    received_at = models.DateTimeField()
    due_at = models.DateTimeField()
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verification_method = models.CharField(max_length=200, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["due_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request due {self.due_at:%Y-%m-%d}"

    @staticmethod
    def due_for(received_at):
        return received_at + timedelta(days=DSR_DUE_DAYS)


class Finding(models.Model):
    class Severity(models.TextChoices):
        INFO = "info", "Info"
        WARNING = "warning", "Warning"
        CRITICAL = "critical", "Critical"

    rule = models.CharField(max_length=60, db_index=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    lead_id = models.UUIDField(null=True, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["severity", "resolved_at"], name="finding_sev_resolved")]

    def __str__(self) -> str:
        return f"{self.severity}: {self.rule}"


class AccessLog(models.Model):
    """Who read which lead (or how many, for lists and exports), through which surface."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed detail"
        LIST = "list", "Listed"
        EXPORT = "export", "Exported"
        UPDATE = "update", "Updated"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    object_type = models.CharField(max_length=60, default="leads.lead")
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    surface = models.CharField(max_length=10, blank=True)  # admin, api, bi
    count = models.PositiveIntegerField(default=1)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.object_type} {self.object_id}"


# --- consent and TREC ---


class TrecNoticeDelivery(models.Model):
    """A TREC notice (IABS or CPN) delivered to a lead, how, when and by whom."""

    class Notice(models.TextChoices):
        IABS = "iabs", "Information About Brokerage Services (IABS 1-0)"
        CPN = "cpn", "Consumer Protection Notice (CN 1-3)"

    class Method(models.TextChoices):
        EMAIL_LINK = "email_link", "Email with an explicit link"
        EMAIL_BODY = "email_body", "In the body of an email"
        IN_PERSON = "in_person", "Personal delivery"
        MAIL = "mail", "Mail or overnight carrier"

    lead_id = models.UUIDField(db_index=True)
    notice = models.CharField(max_length=10, choices=Notice.choices, default=Notice.IABS)
    method = models.CharField(max_length=12, choices=Method.choices)
    delivered_at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reference = models.CharField(max_length=200, blank=True)  # e.g. email message id
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivered_at"]
        verbose_name = "TREC notice delivery"
        verbose_name_plural = "TREC notice deliveries"
        indexes = [models.Index(fields=["notice", "lead_id"], name="trec_notice_lead")]

    def __str__(self) -> str:
        return f"{self.get_notice_display()} by {self.get_method_display()}"


# --- review queue and the LLM reviewer ---


class ReviewItem(models.Model):
    """A text a person must decide on: an outbound text held by the Fair Housing check, or an
    inbound text whose opt-out meaning is unclear. Who decided, when and how is kept."""

    class Kind(models.TextChoices):
        FAIR_HOUSING = "fair_housing", "Outbound text held (Fair Housing)"
        OPT_OUT = "opt_out", "Unclear opt-out"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a person"
        APPROVED = "approved", "Approved, sent as written"
        EDITED = "edited", "Approved with an edited text"
        REJECTED = "rejected", "Rejected, not sent"
        OPTED_OUT = "opted_out", "Confirmed as an opt-out"
        NOT_OPT_OUT = "not_opt_out", "Not an opt-out"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    lead_id = models.UUIDField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=60, default="bots.message")
    object_id = models.CharField(max_length=64)
    verdict = models.CharField(max_length=12)  # review / unclear, as the checks said
    categories = models.JSONField(default=list, blank=True)
    rule_ids = models.JSONField(default=list, blank=True)
    matches = models.JSONField(default=list, blank=True)
    reviewer = models.CharField(max_length=10, default="rules")  # rules | llm
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    final_text = EncryptedTextField(blank=True)  # the edited text that went out

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="review_status_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_type", "object_id"], name="review_one_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class ReviewerCall(models.Model):
    """One call to the LLM reviewer: model, outcome, tokens, cost and latency (no text)."""

    task = models.CharField(max_length=20)  # fair_housing | opt_out
    model = models.CharField(max_length=60)
    prompt_version = models.CharField(max_length=30)
    outcome = models.CharField(max_length=12)  # ok | timeout | error | unparsable | overloaded
    verdict = models.CharField(max_length=12, blank=True)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=10, decimal_places=6, default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.task} via {self.model}: {self.outcome}"
