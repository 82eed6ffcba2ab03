"""What GHL sent us (GhlWebhookEvent), every call we made to it (GhlSyncLog), the nightly pulls
(GhlSyncRun) and the OAuth tokens (GhlOAuthToken). Bodies and tokens are encrypted at rest."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from fernet_fields import EncryptedTextField


class GhlWebhookEvent(models.Model):
    """One webhook delivery, stored once per webhookId and processed in Celery."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received (waiting to be processed)"
        PROCESSED = "processed", "Processed"
        IGNORED = "ignored", "Stored and acknowledged (no handler for this type)"
        FAILED = "failed", "Failed (see error; re-process from the admin)"

    class Auth(models.TextChoices):
        ED25519 = "ed25519", "X-GHL-Signature (Ed25519)"
        RSA = "rsa", "X-WH-Signature (RSA, legacy)"
        WORKFLOW_SECRET = "workflow_secret", "Workflow shared secret"

    webhook_id = models.CharField(max_length=128, unique=True)
    event_type = models.CharField(max_length=64, db_index=True)
    location_id = models.CharField(max_length=64, blank=True)
    contact_id = models.CharField(max_length=64, blank=True)
    payload = EncryptedTextField()  # the raw JSON body: names, phones and message texts
    auth = models.CharField(max_length=20, choices=Auth.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)  # exception type and code, no PII
    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = "GHL webhook event"
        indexes = [
            models.Index(fields=["status", "received_at"], name="ghlwh_status_received"),
            models.Index(fields=["contact_id", "received_at"], name="ghlwh_contact_received"),
            models.Index(fields=["received_at"], name="ghlwh_received"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.webhook_id}"


class GhlSyncLog(models.Model):
    """One HTTP call to GHL (one row per attempt): what, for which lead, how it went. No PII."""

    class Operation(models.TextChoices):
        CONTACT_UPSERT = "contact_upsert", "Contact upsert"
        CONTACT_GET = "contact_get", "Contact read"
        CONTACT_SEARCH = "contact_search", "Contact search (pull)"
        CONTACT_DELETE = "contact_delete", "Contact delete"
        TAGS_ADD = "tags_add", "Tags added"
        TAGS_REMOVE = "tags_remove", "Tags removed"
        CUSTOM_FIELDS = "custom_fields", "Custom field ids looked up"
        SMS_SEND = "sms_send", "Text sent"
        SMS_VERIFY = "sms_verify", "Text checked after an ambiguous failure"
        OPPORTUNITY_CREATE = "opportunity_create", "Opportunity created"
        NOTE_CREATE = "note_create", "Note created"
        OAUTH_REFRESH = "oauth_refresh", "OAuth token refreshed"

    class Status(models.TextChoices):
        STARTED = "started", "Started (no answer yet)"
        OK = "ok", "OK"
        RETRYING = "retrying", "Failed, will retry"
        FAILED = "failed", "Failed"
        AMBIGUOUS = "ambiguous", "Outcome unknown (checked before any resend)"

    lead = models.ForeignKey(
        "leads.Lead", on_delete=models.SET_NULL, null=True, blank=True, related_name="ghl_calls"
    )
    operation = models.CharField(max_length=20, choices=Operation.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    attempt = models.PositiveSmallIntegerField(default=1)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    contact_id = models.CharField(max_length=64, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)  # e.g. "sms:123"
    external_id = models.CharField(max_length=64, blank=True)  # GHL's id for what was made
    trace_id = models.CharField(max_length=64, blank=True)
    # What the admin's "retry" action re-runs: {"kind": "sync_lead" | "sms" | ..., ids}
    replay = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "GHL sync log entry"
        verbose_name_plural = "GHL sync log"
        indexes = [
            models.Index(fields=["-created_at"], name="ghllog_created"),
            models.Index(fields=["status", "-created_at"], name="ghllog_status_created"),
            models.Index(fields=["lead", "-created_at"], name="ghllog_lead_created"),
            models.Index(
                fields=["idempotency_key", "-created_at"],
                name="ghllog_idem_created",
                condition=~models.Q(idempotency_key=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} attempt {self.attempt}: {self.status}"


class GhlSyncRun(models.Model):
    """One pull of contacts changed in GHL since the previous run (ghl_sync, nightly)."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        COMPLETED = "completed", "Completed"
        FAILED = "failed", "Failed"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    since = models.DateTimeField()
    high_water = models.DateTimeField(null=True, blank=True)  # newest dateUpdated seen
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    fetched = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "GHL pull"

    def __str__(self) -> str:
        return f"GHL pull since {self.since:%Y-%m-%d %H:%M} ({self.status})"


class GhlOAuthToken(models.Model):
    """The current OAuth tokens of a location (refresh tokens are single-use: kept here)."""

    location_id = models.CharField(max_length=64, unique=True)
    access_token = EncryptedTextField(blank=True)
    refresh_token = EncryptedTextField()
    expires_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "GHL OAuth token"

    def __str__(self) -> str:
        return f"OAuth tokens for {self.location_id}"
