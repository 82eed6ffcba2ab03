"""Forms and filters of the lead back office: contact fields checked like the services do."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from compliance import selectors as compliance_selectors
from enterprisehub import pii
from enterprisehub.accounts import roles
from leads import services
from leads.models import Lead


def agents():
    """Active users in the agents group, the only people a lead is assigned to."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.AGENTS, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


class LeadAdminForm(forms.ModelForm):
    """Phone and email are typed in any format and checked like the service checks them."""

    phone = forms.CharField(
        required=False, max_length=40, help_text="Any common format; stored as E.164."
    )
    email = forms.CharField(required=False, max_length=254)

    class Meta:
        model = Lead
        fields = ["phone", "email", *sorted(services.EDITABLE_FIELDS)]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("assigned_agent")
        if field is not None and self.instance.assigned_agent_id:
            # Keep the current assignee selectable even if they left the agents group.
            current = get_user_model().objects.filter(pk=self.instance.assigned_agent_id)
            field.queryset = (field.queryset | current).distinct()

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "").strip()
        try:
            return pii.normalize_phone(raw) if raw else ""
        except pii.PhoneFormatError as exc:
            raise forms.ValidationError(f"{exc.message} ({exc.code})", code=exc.code)

    def clean_email(self) -> str:
        raw = self.cleaned_data.get("email", "").strip()
        try:
            return pii.normalize_email(raw) if raw else ""
        except pii.EmailFormatError as exc:
            raise forms.ValidationError(f"{exc.message} ({exc.code})", code=exc.code)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low and high and low > high:
            self.add_error("budget_min", "Minimum budget is above the maximum.")
        self._check_duplicate(cleaned)
        return cleaned

    def _check_duplicate(self, cleaned: dict[str, Any]) -> None:
        probe = Lead(pk=self.instance.pk)
        for name in ("phone", "email"):
            if name in self.changed_data and cleaned.get(name):
                setattr(probe, f"{name}_hash", pii.blind_index(name, cleaned[name]))
        found = services.lead_find_duplicate(lead=probe)
        if found is not None:
            self.add_error(
                found[1], f"A lead with this {found[1]} already exists (DUPLICATE_LEAD)."
            )


class AssignAgentForm(forms.Form):
    agent = forms.ModelChoiceField(queryset=get_user_model().objects.none(), label="Agent")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents()


class AssignedAgentFilter(admin.SimpleListFilter):
    """Filter by agent: only users in the agents group, plus unassigned."""

    title = "assigned agent"
    parameter_name = "agent"

    def lookups(self, request, model_admin):
        return [("none", "Unassigned"), *((str(a.pk), str(a)) for a in agents())]

    def queryset(self, request, queryset):
        if self.value() == "none":
            return queryset.filter(assigned_agent__isnull=True)
        if self.value() and self.value().isdigit():
            return queryset.filter(assigned_agent_id=int(self.value()))
        return queryset


class IabsFilter(admin.SimpleListFilter):
    """TREC: who has received the Information About Brokerage Services notice, who lacks it."""

    title = "TREC IABS notice"
    parameter_name = "iabs"

    def lookups(self, request, model_admin):
        return [("missing", "Still lacks IABS"), ("delivered", "IABS delivered")]

    def queryset(self, request, queryset):
        if self.value() not in ("missing", "delivered"):
            return queryset
        delivered = compliance_selectors.iabs_delivered_lead_ids()
        if self.value() == "missing":
            return queryset.exclude(pk__in=delivered)
        return queryset.filter(pk__in=delivered)
