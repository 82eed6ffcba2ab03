"""Routing back office: ordered rules with their agents, agent availability, offers, alerts."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import CharField, Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html

from leads.admin.forms import agents
from leads.enums import ROUTING_EVENT_KINDS, Intent, RoutingStrategy, Source, Temperature
from leads.models import LeadEvent
from leads.routing import selectors
from leads.routing.models import (
    AgentAvailability,
    LeadOffer,
    RoutingAlert,
    RoutingRule,
    RoutingRuleMember,
)

ZIP_RE = re.compile(r"^\d{5}$")


class CommaListField(forms.CharField):
    """A list edited as comma-separated text ("Round Rock, Cedar Park")."""

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value: Any) -> list[str]:
        items = [" ".join(part.split()) for part in re.split(r"[,\n]", value or "")]
        return list(dict.fromkeys(item for item in items if item))


class RoutingRuleForm(forms.ModelForm):
    sources = forms.MultipleChoiceField(
        choices=Source.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any source.",
    )
    intents = forms.MultipleChoiceField(
        choices=Intent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: any intent.",
    )
    areas = CommaListField(
        required=False,
        help_text="Comma-separated area names, matched against the lead's areas. Empty: any.",
    )
    zip_codes = CommaListField(
        label="ZIP codes",
        required=False,
        help_text="Comma-separated 5-digit ZIP codes found in the lead's areas. Areas or ZIPs "
        "match when either does.",
    )

    class Meta:
        model = RoutingRule
        fields = [
            "name",
            "position",
            "is_active",
            "is_default",
            "sources",
            "intents",
            "areas",
            "zip_codes",
            "price_min",
            "price_max",
            "strategy",
            "agent",
            "claim_minutes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = agents()

    def clean_zip_codes(self) -> list[str]:
        zips = self.cleaned_data["zip_codes"]
        bad = [z for z in zips if not ZIP_RE.match(z)]
        if bad:
            raise ValidationError(f"Not a 5-digit ZIP code: {', '.join(bad)}")
        return zips


class MemberFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        rule = self.instance
        kept = [
            f
            for f in self.forms
            if f.cleaned_data.get("agent") and not f.cleaned_data.get("DELETE")
        ]
        needs = (RoutingStrategy.ROUND_ROBIN, RoutingStrategy.BROADCAST)
        if rule.strategy in needs and not kept:
            label = RoutingStrategy(rule.strategy).label
            raise ValidationError(f"A '{label}' rule needs at least one agent below.")


class RoutingRuleMemberInline(admin.TabularInline):
    model = RoutingRuleMember
    formset = MemberFormSet
    extra = 0
    fields = ("agent", "weight", "status")
    readonly_fields = ("status",)
    verbose_name = "agent"
    verbose_name_plural = "Agents (round robin and broadcast)"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agent":
            kwargs["queryset"] = agents()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Now")
    def status(self, member: RoutingRuleMember) -> str:
        return selectors.agent_status(agent=member.agent) if member.agent_id else "-"


def _leads_routed_subquery() -> Subquery:
    """Leads each rule routed (any routing decision naming it), for the changelist."""
    events = (
        LeadEvent.objects.filter(kind__in=ROUTING_EVENT_KINDS)
        .annotate(rule_key=KeyTextTransform("rule_id", "data"))
        .filter(rule_key=Cast(OuterRef("pk"), CharField()))
        .values("rule_key")
        .annotate(n=Count("lead_id", distinct=True))
        .values("n")
    )
    return Subquery(events, output_field=IntegerField())


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    inlines = (RoutingRuleMemberInline,)
    list_display = (
        "position",
        "name",
        "is_active",
        "is_default",
        "strategy",
        "conditions",
        "who",
        "leads_routed",
    )
    list_display_links = ("name",)
    list_editable = ("position", "is_active")
    list_filter = ("is_active", "strategy")
    search_fields = ("name",)
    ordering = ("-is_active", "is_default", "position", "id")
    fieldsets = (
        (None, {"fields": ("name", "position", "is_active", "is_default")}),
        (
            "Which leads (all must hold; empty means any)",
            {"fields": ("sources", "intents", "areas", "zip_codes", ("price_min", "price_max"))},
        ),
        ("Where they go", {"fields": ("strategy", "agent", "claim_minutes")}),
    )

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("agent")
        qs = qs.prefetch_related("members__agent")
        return qs.annotate(routed=Coalesce(_leads_routed_subquery(), Value(0)))

    @admin.display(description="Conditions")
    def conditions(self, rule: RoutingRule) -> str:
        if rule.is_default:
            return "every lead no other rule took"
        parts = []
        for label, values in (
            ("source", rule.sources),
            ("intent", rule.intents),
            ("areas", [*rule.areas, *rule.zip_codes]),
        ):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if rule.price_min is not None or rule.price_max is not None:
            low = f"${rule.price_min:,}" if rule.price_min is not None else "$0"
            high = f"${rule.price_max:,}" if rule.price_max is not None else "up"
            parts.append(f"price {low}-{high}")
        return "; ".join(parts) or "any lead"

    @admin.display(description="Agents")
    def who(self, rule: RoutingRule) -> str:
        if rule.strategy == RoutingStrategy.AGENT:
            return str(rule.agent)
        if rule.strategy == RoutingStrategy.POND:
            return "any agent may claim"
        members = list(rule.members.all())
        return ", ".join(
            f"{m.agent} ×{m.weight}" if m.weight > 1 else str(m.agent) for m in members
        )

    @admin.display(description="Leads routed", ordering="routed")
    def leads_routed(self, rule: RoutingRule) -> int:
        return rule.routed


@admin.register(AgentAvailability)
class AgentAvailabilityAdmin(admin.ModelAdmin):
    list_display = ("agent", "status", "open_hot_leads", "hot_lead_cap", "away_until", "away_note")
    list_select_related = ("agent",)
    fields = ("agent", "away_until", "away_note", "hot_lead_cap")
    search_fields = ("agent__username", "agent__first_name", "agent__last_name")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agent":
            kwargs["queryset"] = agents()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return ("agent",) if obj is not None else ()

    @admin.display(description="Routing now")
    def status(self, row: AgentAvailability) -> str:
        return selectors.agent_status(agent=row.agent)

    @admin.display(description="Open hot leads")
    def open_hot_leads(self, row: AgentAvailability) -> int:
        return selectors.hot_open_counts(agent_ids=[row.agent_id]).get(row.agent_id, 0)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _lead_link(lead) -> str:
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:leads_lead_change", args=[lead.pk]), lead
    )


@admin.register(LeadOffer)
class LeadOfferAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "lead_link", "kind", "status", "rule", "expires_at", "claimed_by")
    list_filter = ("status", "kind", "rule")
    list_select_related = ("lead", "rule", "claimed_by")
    date_hierarchy = "created_at"

    @admin.display(description="Lead")
    def lead_link(self, offer: LeadOffer) -> str:
        return _lead_link(offer.lead)


@admin.register(RoutingAlert)
class RoutingAlertAdmin(ReadOnlyAdmin):
    """Leads nobody was available for: the broker's to-do list until each has an agent."""

    list_display = ("at", "lead_link", "temperature", "trigger", "why", "lead_now")
    list_select_related = ("lead", "lead__assigned_agent")
    date_hierarchy = "at"

    @admin.display(description="Lead")
    def lead_link(self, alert: RoutingAlert) -> str:
        return _lead_link(alert.lead)

    @admin.display(description="Temperature")
    def temperature(self, alert: RoutingAlert) -> str:
        return Temperature(alert.lead.temperature).label

    @admin.display(description="When")
    def trigger(self, alert: RoutingAlert) -> str:
        return str(alert.data.get("trigger", ""))

    @admin.display(description="Why")
    def why(self, alert: RoutingAlert) -> str:
        return str(alert.data.get("summary", ""))

    @admin.display(description="Lead now with")
    def lead_now(self, alert: RoutingAlert) -> str:
        agent = alert.lead.assigned_agent
        return str(agent) if agent else "nobody (in the pond)"
