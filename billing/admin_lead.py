"""Billing on the lead page: the lead's payments and commissions, and the broker's
"Record a closed deal's commission…" action (through LeadAdmin's extension hooks)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone

from billing import services
from billing.models import Commission, Payment
from enterprisehub.admin_forms import action_form_page
from enterprisehub.errors import ApplicationError
from leads.admin import LeadAdmin, LeadReadOnlyInline


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency.upper()}"


class PaymentInline(LeadReadOnlyInline, admin.TabularInline):
    model = Payment
    fk_name = "lead"
    fields = readonly_fields = ("purpose", "amount", "status", "channel", "paid_at", "refunded")
    show_change_link = True

    @admin.display(description="Amount")
    def amount(self, payment: Payment) -> str:
        return _money(payment.amount_cents, payment.currency)

    @admin.display(description="Refunded")
    def refunded(self, payment: Payment) -> str:
        return _money(payment.refunded_cents, payment.currency)


class CommissionInline(LeadReadOnlyInline, admin.TabularInline):
    model = Commission
    fk_name = "lead"
    verbose_name = "closed-deal commission"
    fields = readonly_fields = ("closed_on", "amount", "attributed_agent", "note", "entered_by")

    @admin.display(description="Commission")
    def amount(self, commission: Commission) -> str:
        return _money(commission.amount_cents, commission.currency)


LeadAdmin.inline_register(PaymentInline)
LeadAdmin.inline_register(CommissionInline)


class CommissionForm(forms.Form):
    amount = forms.DecimalField(
        label="Commission (USD)", min_value=0.01, max_digits=12, decimal_places=2
    )
    closed_on = forms.DateField(label="Closed on", initial=timezone.localdate)
    note = forms.CharField(required=False, max_length=300)


@admin.action(
    description="Record a closed deal's commission…",
    permissions=["broker"],
    location=[admin.ActionLocation.CHANGE_FORM],
)
def record_commission(modeladmin, request, queryset):
    """Credit the deal's commission to the lead's source, agent and bot variant."""
    lead = queryset.first()
    form = CommissionForm(request.POST if "apply" in request.POST else None)
    if lead is None or not (form.is_bound and form.is_valid()):
        return action_form_page(
            modeladmin,
            request,
            form=form,
            title="Record a closed deal's commission",
            intro="The commission is credited to the lead's source, agent and bot variant "
            "on the revenue pages.",
            submit="Record commission",
            objects=[lead] if lead else [],
        )
    try:
        commission = services.commission_record(
            lead_id=lead.pk,
            amount_cents=int(form.cleaned_data["amount"] * 100),
            closed_on=form.cleaned_data["closed_on"],
            note=form.cleaned_data["note"],
            actor=request.user,
        )
    except ApplicationError as exc:
        modeladmin.message_user(
            request, f"Not recorded: {exc.message} ({exc.code})", messages.ERROR
        )
        return None
    modeladmin.message_user(
        request, f"Commission of {_money(commission.amount_cents, commission.currency)} recorded."
    )
    return None


LeadAdmin.action_register(record_commission)
