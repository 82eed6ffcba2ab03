"""Back office for payments and Stripe webhook events: read-only lists written by the services.

Payments are scoped through the lead like everything else; a payment also shows on its lead's
page through LeadAdmin.inline_register.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.utils.html import format_html

from billing.models import Payment, StripeEvent
from leads import selectors as lead_selectors
from leads.admin import LeadAdmin, LeadReadOnlyInline


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency.upper()}"


class ReadOnlyBillingAdmin(admin.ModelAdmin):
    """Rows come from Stripe through billing.services; by hand they are only read."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PaymentInline(LeadReadOnlyInline, admin.TabularInline):
    model = Payment
    fk_name = "lead"
    fields = readonly_fields = ("purpose", "amount", "status", "paid_at", "refunded")
    show_change_link = True

    @admin.display(description="Amount")
    def amount(self, payment: Payment) -> str:
        return _money(payment.amount_cents, payment.currency)

    @admin.display(description="Refunded")
    def refunded(self, payment: Payment) -> str:
        return _money(payment.refunded_cents, payment.currency)


LeadAdmin.inline_register(PaymentInline)


@admin.register(Payment)
class PaymentAdmin(ReadOnlyBillingAdmin):
    list_display = (
        "id",
        "lead",
        "purpose",
        "amount",
        "status",
        "paid_at",
        "refunded",
        "created_at",
    )
    list_filter = ("status", "purpose", "currency", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("lead",)
    search_fields = ("=checkout_session_id", "=payment_intent_id")
    search_help_text = "Exact Stripe Checkout Session or PaymentIntent id."
    fields = readonly_fields = (
        "lead",
        "purpose",
        "amount",
        "status",
        "paid_at",
        "refunded",
        "checkout_session_id",
        "payment_intent_id",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_broker:
            return qs
        visible = lead_selectors.lead_visible_to(viewer=request.user).values("pk")
        return qs.filter(lead__in=visible)

    @admin.display(description="Amount", ordering="amount_cents")
    def amount(self, payment: Payment) -> str:
        return _money(payment.amount_cents, payment.currency)

    @admin.display(description="Refunded", ordering="refunded_cents")
    def refunded(self, payment: Payment) -> str:
        return _money(payment.refunded_cents, payment.currency)


class ProcessedFilter(admin.SimpleListFilter):
    title = "processing"
    parameter_name = "processing"

    def lookups(self, request, model_admin):
        return [("done", "Processed"), ("pending", "Not processed"), ("error", "Failed")]

    def queryset(self, request, queryset):
        if self.value() == "done":
            return queryset.filter(processed_at__isnull=False)
        if self.value() == "pending":
            return queryset.filter(processed_at__isnull=True)
        if self.value() == "error":
            return queryset.exclude(error="")
        return queryset


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyBillingAdmin):
    list_display = ("event_id", "type", "received_at", "processed_at", "failed")
    list_filter = (ProcessedFilter, "type")
    search_fields = ("=event_id",)
    fields = readonly_fields = (
        "event_id",
        "type",
        "received_at",
        "processed_at",
        "error",
        "payload_json",
    )
    ordering = ("-received_at",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_broker else qs.none()

    @admin.display(description="Failed", boolean=True)
    def failed(self, event: StripeEvent) -> bool:
        return bool(event.error)

    @admin.display(description="Payload")
    def payload_json(self, event: StripeEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, sort_keys=True))
