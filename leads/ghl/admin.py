"""Back office for GHL: the sync log (filters, retry), webhook events (re-process), pulls."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from compliance import services as compliance_services
from leads.ghl import replay
from leads.ghl.models import GhlSyncLog, GhlSyncRun, GhlWebhookEvent
from leads.ghl.tasks import ghl_event_process_task


class _ReadOnly(admin.ModelAdmin):
    """Written by the integration, read by brokers; actions re-run work through services."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and getattr(request.user, "is_broker", False))


def _lead_link(obj) -> str:
    if obj.lead_id is None:
        return "-"
    url = reverse("admin:leads_lead_change", args=[obj.lead_id])
    return format_html('<a href="{}">{}</a>', url, str(obj.lead_id)[:8])


@admin.register(GhlSyncLog)
class GhlSyncLogAdmin(_ReadOnly):
    list_display = [
        "created_at",
        "operation",
        "status",
        "attempt",
        "http_status",
        "latency_ms",
        "lead_link",
        "error",
    ]
    list_filter = ["status", "operation", "http_status", "created_at"]
    search_fields = ["=lead__id", "=contact_id", "=idempotency_key", "=trace_id"]
    date_hierarchy = "created_at"
    list_select_related = ["lead"]
    readonly_fields = [
        "created_at",
        "operation",
        "status",
        "attempt",
        "http_status",
        "latency_ms",
        "error",
        "lead",
        "contact_id",
        "idempotency_key",
        "external_id",
        "trace_id",
        "replay",
    ]
    actions = ["retry"]

    @admin.display(description="lead")
    def lead_link(self, obj: GhlSyncLog) -> str:
        return _lead_link(obj)

    @admin.action(description="Retry the selected calls", permissions=["retry"])
    def retry(self, request: HttpRequest, queryset: QuerySet[GhlSyncLog]) -> None:
        queued, skipped = replay.sync_log_retry(rows=queryset)
        level = messages.SUCCESS if queued else messages.WARNING
        self.message_user(
            request,
            f"{queued} call(s) queued again; {skipped} skipped (succeeded, already queued, "
            "or nothing to re-run).",
            level,
        )


@admin.register(GhlWebhookEvent)
class GhlWebhookEventAdmin(_ReadOnly):
    list_display = [
        "received_at",
        "event_type",
        "status",
        "attempts",
        "auth",
        "contact_id",
        "lead_link",
        "error",
    ]
    list_filter = ["status", "event_type", "auth", "received_at"]
    search_fields = ["=webhook_id", "=contact_id", "=lead__id"]
    date_hierarchy = "received_at"
    list_select_related = ["lead"]
    exclude = ["payload"]
    readonly_fields = [
        "webhook_id",
        "event_type",
        "location_id",
        "contact_id",
        "auth",
        "status",
        "attempts",
        "error",
        "lead",
        "received_at",
        "processed_at",
        "body",
    ]
    actions = ["reprocess"]

    @admin.display(description="lead")
    def lead_link(self, obj: GhlWebhookEvent) -> str:
        return _lead_link(obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The body holds a person's details: opening it is an access, like a lead's page.
        event = self.get_object(request, unquote(object_id))
        if event is not None:
            compliance_services.access_record(
                user=request.user,
                action="view",
                surface="admin",
                object_type="leads.ghlwebhookevent",
                object_id=str(event.pk),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="body as received")
    def body(self, obj: GhlWebhookEvent) -> str:
        try:
            text = json.dumps(json.loads(obj.payload), indent=2, sort_keys=True)
        except ValueError:
            text = obj.payload
        return format_html("<pre>{}</pre>", text)

    @admin.action(description="Process the selected events again", permissions=["retry"])
    def reprocess(self, request: HttpRequest, queryset: QuerySet[GhlWebhookEvent]) -> None:
        ids = list(
            queryset.exclude(status=GhlWebhookEvent.Status.PROCESSED).values_list("pk", flat=True)
        )
        for event_id in ids:
            ghl_event_process_task.apply_async(
                kwargs={"event_id": event_id, "include_failed": True}
            )
        self.message_user(request, f"{len(ids)} event(s) queued for processing.")


@admin.register(GhlSyncRun)
class GhlSyncRunAdmin(_ReadOnly):
    list_display = [
        "started_at",
        "status",
        "since",
        "high_water",
        "fetched",
        "created",
        "updated",
        "unchanged",
        "failed",
        "error",
    ]
    list_filter = ["status"]
    date_hierarchy = "started_at"
