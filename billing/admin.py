"""Back office for billing: fee products (edited here), payments with totals and refunds, Stripe
webhook events (replayable), commissions and reconciliation runs. Every write goes through
billing.services; payments and events come from Stripe and are read-only by hand.

The lead page gets the payments and commissions inlines and the commission action from
billing/admin_lead.py; the payment-link action lives in bots (texting is bots' job).
"""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from billing import (
    admin_lead,  # noqa: F401  (lead page: inlines and the commission action)
    gateway,
    selectors,
    services,
)
from billing.enums import RefundReason
from billing.models import Commission, FeeProduct, Payment, ReconciliationRun, Refund, StripeEvent
from enterprisehub.admin_forms import action_form_page
from enterprisehub.errors import ApplicationError

BOTH_LOCATIONS = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def money(cents: int, currency: str = "usd") -> str:
    return f"{cents / 100:,.2f} {currency.upper()}"


class ReadOnlyBillingAdmin(admin.ModelAdmin):
    """Rows come from Stripe through billing.services; by hand they are only read."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FeeProduct)
class FeeProductAdmin(admin.ModelAdmin):
    list_display = ("name", "audience", "price", "active", "updated_at")
    list_filter = ("active", "audience")
    search_fields = ("name",)
    fields = ("name", "description", "audience", "amount_cents", "currency", "active")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # products with payments must stay: switch them off instead

    @admin.display(description="Price", ordering="amount_cents")
    def price(self, product: FeeProduct) -> str:
        return money(product.amount_cents, product.currency)


class RefundInline(admin.TabularInline):
    model = Refund
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = (
        "created_at",
        "amount",
        "reason",
        "note",
        "status",
        "confirmed_at",
        "requested_by",
        "stripe_refund_id",
        "failure_message",
    )

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Amount")
    def amount(self, refund: Refund) -> str:
        return money(refund.amount_cents, refund.payment.currency)


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        label="Amount (USD)",
        required=False,
        min_value=0.01,
        max_digits=10,
        decimal_places=2,
        help_text="Leave empty to refund everything not yet refunded.",
    )
    reason = forms.ChoiceField(choices=RefundReason.choices)
    note = forms.CharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


@admin.register(Payment)
class PaymentAdmin(ReadOnlyBillingAdmin):
    list_display = (
        "id",
        "lead_link",
        "purpose",
        "amount",
        "status",
        "channel",
        "paid_at",
        "refunded",
        "attributed_agent",
        "stripe_link",
        "created_at",
    )
    list_filter = (
        "status",
        "channel",
        "product",
        "attributed_source",
        "livemode",
        ("paid_at", admin.DateFieldListFilter),
        ("created_at", admin.DateFieldListFilter),
    )
    list_select_related = ("lead", "attributed_agent")
    search_fields = ("=checkout_session_id", "=payment_intent_id")
    search_help_text = "Exact Stripe Checkout Session or PaymentIntent id."
    actions = ("refund",)
    inlines = (RefundInline,)
    fields = readonly_fields = (
        "lead_link",
        "product",
        "purpose",
        "amount",
        "status",
        "channel",
        "paid_at",
        "refunded",
        "failure_message",
        "checkout_url",
        "expires_at",
        "stripe_link",
        "checkout_session_id",
        "payment_intent_id",
        "livemode",
        "attributed_source",
        "attributed_agent",
        "attributed_variant",
        "created_by",
        "created_at",
        "updated_at",
    )

    def get_queryset(self, request):
        return selectors.payment_visible_to(viewer=request.user).select_related("attributed_agent")

    def has_refund_permission(self, request) -> bool:
        return request.user.is_broker and self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if changelist is not None:
            totals = selectors.payment_totals(changelist.queryset)
            response.context_data["totals"] = {
                "count": totals.count,
                "paid_count": totals.paid_count,
                "paid": money(totals.paid_cents),
                "refunded": money(totals.refunded_cents),
                "net": money(totals.net_cents),
            }
        return response

    @admin.display(description="Lead", ordering="lead__last_name")
    def lead_link(self, payment: Payment) -> str:
        if payment.lead_id is None:
            return "-"
        url = reverse("admin:leads_lead_change", args=[payment.lead_id])
        return format_html('<a href="{}">{}</a>', url, payment.lead)

    @admin.display(description="Stripe")
    def stripe_link(self, payment: Payment) -> str:
        object_id = payment.payment_intent_id or payment.checkout_session_id
        if not object_id:
            return "-"
        url = gateway.dashboard_url(object_id, livemode=payment.livemode)
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, object_id)

    @admin.display(description="Amount", ordering="amount_cents")
    def amount(self, payment: Payment) -> str:
        return money(payment.amount_cents, payment.currency)

    @admin.display(description="Refunded", ordering="refunded_cents")
    def refunded(self, payment: Payment) -> str:
        return money(payment.refunded_cents, payment.currency)

    @admin.action(description="Refund…", permissions=["refund"], location=BOTH_LOCATIONS)
    def refund(self, request, queryset):
        payments = list(queryset[:2])
        if len(payments) != 1:
            self.message_user(request, "Refund one payment at a time.", messages.WARNING)
            return None
        payment = payments[0]
        form = RefundForm(request.POST if "apply" in request.POST else None)
        if not (form.is_bound and form.is_valid()):
            left = services.payment_refundable_cents(payment)
            return action_form_page(
                self,
                request,
                form=form,
                title="Refund a payment",
                intro=f"Up to {money(left, payment.currency)} can be refunded. Stripe refunds "
                "the card; the payment shows the refund once Stripe confirms it.",
                submit="Refund through Stripe",
                objects=[payment],
            )
        amount = form.cleaned_data["amount"]
        try:
            refund = services.payment_refund(
                payment_id=payment.pk,
                amount_cents=None if amount is None else int(amount * 100),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
        except ApplicationError as exc:
            self.message_user(request, f"Not refunded: {exc.message} ({exc.code})", messages.ERROR)
            return None
        self.message_user(
            request,
            f"Refund of {money(refund.amount_cents, payment.currency)} sent to Stripe "
            f"({refund.get_status_display().lower()}); the payment updates when Stripe "
            "confirms it.",
        )
        return None


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
    list_display = (
        "event_id",
        "type",
        "received_at",
        "processed_at",
        "outcome",
        "attempts",
        "failed",
    )
    list_filter = (ProcessedFilter, "type", "livemode")
    search_fields = ("=event_id",)
    actions = ("process_again",)
    fields = readonly_fields = (
        "event_id",
        "type",
        "livemode",
        "received_at",
        "processed_at",
        "outcome",
        "attempts",
        "next_attempt_at",
        "error",
        "payment",
        "payload_json",
    )
    ordering = ("-received_at",)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_broker else qs.none()

    def has_replay_permission(self, request) -> bool:
        return request.user.is_broker and self.has_view_permission(request)

    @admin.display(description="Failed", boolean=True)
    def failed(self, event: StripeEvent) -> bool:
        return bool(event.error)

    @admin.display(description="Payload")
    def payload_json(self, event: StripeEvent) -> str:
        return format_html("<pre>{}</pre>", json.dumps(event.payload, indent=2, sort_keys=True))

    @admin.action(description="Process again now", permissions=["replay"], location=BOTH_LOCATIONS)
    def process_again(self, request, queryset):
        events = list(queryset.filter(processed_at__isnull=True))
        done = services.stripe_event_replay(events=events)
        level = messages.SUCCESS if done == len(events) else messages.WARNING
        self.message_user(
            request, f"Processed {done} of {len(events)} unprocessed event(s).", level
        )


@admin.register(Commission)
class CommissionAdmin(ReadOnlyBillingAdmin):
    list_display = (
        "closed_on",
        "lead",
        "amount",
        "attributed_source",
        "attributed_agent",
        "attributed_variant",
        "entered_by",
    )
    list_filter = ("attributed_source", ("closed_on", admin.DateFieldListFilter))
    list_select_related = ("lead", "attributed_agent", "entered_by")
    fields = readonly_fields = (
        "lead",
        "amount",
        "closed_on",
        "note",
        "attributed_source",
        "attributed_agent",
        "attributed_variant",
        "entered_by",
        "created_at",
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_broker else qs.none()

    @admin.display(description="Commission", ordering="amount_cents")
    def amount(self, commission: Commission) -> str:
        return money(commission.amount_cents, commission.currency)


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyBillingAdmin):
    list_display = ("started_at", "since", "fix", "checked", "fixed", "remaining", "error")
    list_filter = ("fix",)
    fields = readonly_fields = (
        "started_at",
        "finished_at",
        "since",
        "fix",
        "checked",
        "fixed",
        "remaining",
        "error",
        "mismatch_list",
    )

    @admin.display(description="Mismatches")
    def mismatch_list(self, run: ReconciliationRun) -> str:
        return format_html("<pre>{}</pre>", "\n".join(services.mismatch_lines(run)) or "none")
