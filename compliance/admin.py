"""Back office for consent records, TREC notice deliveries and findings."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from compliance import services
from compliance.models import ConsentRecord, Finding, TrecNoticeDelivery


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    """The consent log is evidence: read-only."""

    list_display = ["at", "lead_id", "channel", "action", "source"]
    list_filter = ["channel", "action", "source"]
    search_fields = ["=lead_id"]
    date_hierarchy = "at"
    readonly_fields = ["lead_id", "channel", "action", "source", "text_shown", "evidence", "at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(TrecNoticeDelivery)
class TrecNoticeDeliveryAdmin(admin.ModelAdmin):
    """Record an in-person or mailed IABS delivery here; email deliveries are recorded by code."""

    list_display = ["delivered_at", "lead_id", "notice", "method", "by"]
    list_filter = ["notice", "method"]
    search_fields = ["=lead_id"]
    fields = ["lead_id", "notice", "method", "delivered_at", "reference", "by"]
    readonly_fields = ["by"]

    def save_model(self, request: HttpRequest, obj: TrecNoticeDelivery, form, change: bool) -> None:
        if not change:
            obj.by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["created_at", "severity", "rule", "lead_id", "object_type", "object_id"]
    list_filter = ["severity", "rule", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["=lead_id", "=object_id"]
    readonly_fields = [
        "rule",
        "severity",
        "object_type",
        "object_id",
        "lead_id",
        "detail",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]
    actions = ["mark_resolved"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Mark selected findings resolved")
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[Finding]) -> None:
        count = services.finding_mark_resolved(findings=queryset, by=request.user)
        self.message_user(request, f"{count} finding(s) marked resolved.")


# The index shows how many texts wait in the review queue (its admin is in bots.admin_review).
admin.site.index_template = "admin/eh_index.html"

# Data-subject requests and the access log have their own module.
from compliance import admin_dsr  # noqa: E402,F401
