"""LeadAdmin: list, blind-index search, lead page and actions.

Every read is recorded in the access log; every write goes through leads.services.
"""

from __future__ import annotations

from typing import Any

from auditlog.mixins import AuditlogHistoryAdminMixin
from auditlog.models import LogEntry
from auditlog.render import render_logentry_changes_html
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from compliance import services as compliance_services
from enterprisehub import pii
from enterprisehub.errors import ApplicationError
from leads import selectors, services
from leads.admin.export import lead_csv_response
from leads.admin.forms import (
    AssignAgentForm,
    AssignedAgentFilter,
    IabsFilter,
    LeadAdminForm,
    agents,
)
from leads.admin.lead_routing import LeadRoutingAdminMixin, RoutingStateFilter, routing_message
from leads.enums import Stage
from leads.models import Lead, LeadEvent
from leads.routing import services as routing

BOTH_LOCATIONS = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]
AUDIT_ROWS_ON_PAGE = 10
ASSIGN_NAMES_SHOWN = 20


def _may_see(user, lead: Lead) -> bool:
    return user.is_broker or (
        lead.assigned_agent_id is not None and lead.assigned_agent_id == user.pk
    )


def _looks_like_contact(term: str) -> bool:
    """Whether a search term is an email or a phone number (any common format)."""
    if "@" in term:
        return True
    try:
        pii.normalize_phone(term)
    except pii.PhoneFormatError:
        return False
    return True


def _record(request, action: str, *, object_id: Any = "", count: int = 1) -> None:
    compliance_services.access_record(
        user=request.user, action=action, surface="admin", object_id=object_id, count=count
    )


class LeadReadOnlyInline:
    """Mixin for read-only inlines on the lead page: visible exactly when the lead is."""

    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        return self.admin_site.get_model_admin(Lead).has_view_permission(request, obj)

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request: link rows only for those who may follow it.
        opts = self.model._meta
        may_open = request.user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        self.show_change_link = self.show_change_link and may_open
        return super().get_formset(request, obj, **kwargs)


class LeadEventInline(LeadReadOnlyInline, admin.TabularInline):
    model = LeadEvent
    verbose_name = "timeline event"
    verbose_name_plural = "Timeline (newest first)"
    fields = readonly_fields = ("at", "kind", "details", "actor")
    ordering = ("-at",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    @admin.display(description="Details")
    def details(self, event: LeadEvent) -> str:
        if isinstance(event.data, dict) and event.data.get("summary"):
            return event.data["summary"]  # routing decisions say why in one sentence
        items = sorted((event.data or {}).items())
        return format_html_join("; ", "{}: {}", ((k, v) for k, v in items)) or "-"


@admin.register(Lead)
class LeadAdmin(LeadRoutingAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    form = LeadAdminForm
    list_display = (
        "name",
        "score",
        "temperature",
        "stage",
        "intent",
        "assigned_agent",
        "last_contacted_at",
        "created_at",
    )
    list_display_links = ("name",)
    list_filter = (
        "stage",
        "temperature",
        "intent",
        "source",
        AssignedAgentFilter,
        RoutingStateFilter,
        IabsFilter,
        ("created_at", admin.DateFieldListFilter),
    )
    list_select_related = ("assigned_agent",)
    list_per_page = 50
    search_fields = ("first_name", "last_name")
    search_help_text = "Name, or an exact phone number (any format) or email address."
    ordering = ("-created_at",)
    actions = ("assign_to_agent", "reroute", "hand_off", "mark_lost", "export_csv")
    inlines = (LeadEventInline,)
    extra_inlines: list[type] = []
    fieldsets = (
        ("Contact", {"fields": ("first_name", "last_name", "phone", "email", "ghl_contact_id")}),
        ("Pipeline", {"fields": ("stage", "intent", "source", "assigned_agent")}),
        ("Score", {"fields": ("score", "temperature", "score_reasons_table")}),
        (
            "Qualification",
            {
                "fields": (
                    ("budget_min", "budget_max"),
                    "timeline_months",
                    "pre_approved",
                    ("bedrooms_min", "bathrooms_min"),
                    "areas",
                    "property_type",
                    "motivation",
                    "current_home_to_sell",
                )
            },
        ),
        (
            "Consent and contact",
            {
                "fields": (
                    "sms_consent_at",
                    "sms_opted_out_at",
                    "email_unsubscribed_at",
                    "last_contacted_at",
                )
            },
        ),
        ("Audit history", {"fields": ("created_at", "updated_at", "audit_history")}),
    )
    readonly_fields = (
        "score",
        "temperature",
        "score_reasons_table",
        "sms_opted_out_at",
        "email_unsubscribed_at",
        "last_contacted_at",
        "created_at",
        "updated_at",
        "audit_history",
    )

    # --- extension hook ------------------------------------------------------------------
    @classmethod
    def inline_register(cls, inline: type) -> None:
        """Add a read-only inline from a higher app (e.g. the bots transcript) to the lead page."""
        if inline not in cls.extra_inlines:
            cls.extra_inlines.append(inline)

    @classmethod
    def action_register(cls, action: Any) -> None:
        """Add an action from a higher app (billing's commission, bots' payment link)."""
        if action not in cls.actions:
            cls.actions = (*cls.actions, action)

    def has_broker_permission(self, request) -> bool:
        """For actions only brokers may take (e.g. recording a commission)."""
        return request.user.is_broker and self.has_view_permission(request)

    def get_inlines(self, request, obj):
        # The transcript (registered by bots) reads best above the timeline.
        return [*self.extra_inlines, *self.inlines] if obj is not None else []

    # --- scoping: an agent sees only their own leads, anywhere in the admin -----------------
    def get_queryset(self, request):
        return selectors.lead_visible_to(viewer=request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or _may_see(request.user, obj))

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _may_see(request.user, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and request.user.is_broker

    def has_assign_permission(self, request) -> bool:
        return request.user.is_broker and self.has_change_permission(request)

    def has_export_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_broker else [*readonly, "assigned_agent"]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        return (
            filters
            if request.user.is_broker
            else [f for f in filters if f not in (AssignedAgentFilter, RoutingStateFilter)]
        )

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)  # bulk deletes would skip the services
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "assigned_agent":
            kwargs["queryset"] = agents()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    # --- search: names by icontains, phone/email by the blind index ------------------------
    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if term and _looks_like_contact(term):
            return selectors.lead_filter_by_contact(queryset, term=term), False
        return super().get_search_results(request, queryset, search_term)

    # --- views: record every read --------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if request.method == "GET" and changelist is not None:
            _record(request, "list", count=len(changelist.result_list))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            _record(request, "view", object_id=unquote(object_id))
        return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ApplicationError as exc:  # a rule the form could not check (e.g. a race)
            self.message_user(request, f"Not saved: {exc.message} ({exc.code})", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def auditlog_history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such lead.")
        return super().auditlog_history_view(request, object_id, extra_context)

    # --- writes go through the services --------------------------------------------------
    def save_model(self, request, obj, form, change):
        editable = services.EDITABLE_FIELDS | {"phone", "email"}
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in editable}
        if change:
            lead = Lead.objects.get(pk=obj.pk)  # obj already holds the form's values
            services.lead_update(lead=lead, data=data, actor=request.user)
        else:
            lead, result = routing.lead_create_routed(actor=request.user, **data)
            if result is not None:
                self.message_user(request, routing_message(result))
            obj.pk = lead.pk
            obj._state.adding = False
        obj.refresh_from_db()
        if change:
            _record(request, "update", object_id=obj.pk)

    # --- read-only displays ---------------------------------------------------------------
    @admin.display(description="Name", ordering="last_name")
    def name(self, lead: Lead) -> str:
        return str(lead)

    @admin.display(description="Score reasons")
    def score_reasons_table(self, lead: Lead) -> str:
        reasons = [r for r in (lead.score_reasons or []) if isinstance(r, dict)]
        if not reasons:
            return "-"
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((r.get("factor", ""), r.get("points", ""), r.get("evidence", "")) for r in reasons),
        )
        return format_html(
            "<table><thead><tr><th>Factor</th><th>Points</th><th>Evidence</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="Audit log")
    def audit_history(self, lead: Lead) -> str:
        if lead._state.adding:
            return "-"
        entries = (
            LogEntry.objects.get_for_object(lead)
            .select_related("actor", "content_type")
            .order_by("-timestamp")[:AUDIT_ROWS_ON_PAGE]
        )
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(e.timestamp).strftime("%Y-%m-%d %H:%M"),
                    e.get_action_display(),
                    e.actor or "system",
                    render_logentry_changes_html(e),
                )
                for e in entries
            ),
        )
        url = reverse("admin:leads_lead_auditlog", args=[lead.pk])
        return format_html(
            "<table><thead><tr><th>When</th><th>Action</th><th>By</th><th>Changes</th></tr>"
            '</thead><tbody>{}</tbody></table><p><a href="{}">Full audit log</a></p>',
            rows,
            url,
        )

    # --- actions --------------------------------------------------------------------------
    @admin.action(description="Assign to agent…", permissions=["assign"])
    def assign_to_agent(self, request, queryset):
        form = AssignAgentForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            agent = form.cleaned_data["agent"]
            leads = list(queryset)
            for lead in leads:
                services.lead_assign(lead=lead, agent=agent, actor=request.user)
            self.message_user(request, f"Assigned {len(leads)} lead(s) to {agent}.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Assign leads to an agent",
            "opts": self.opts,
            "form": form,
            "leads": queryset[:ASSIGN_NAMES_SHOWN],
            "count": queryset.count(),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/leads/lead/assign_agent.html", context)

    @admin.action(
        description="Hand off to a human", permissions=["change"], location=BOTH_LOCATIONS
    )
    def hand_off(self, request, queryset):
        leads = list(queryset)
        for lead in leads:  # one with no agent is routed by the rules
            routing.lead_hand_off_routed(lead=lead, reason="back office", actor=request.user)
        self.message_user(request, f"Handed off {len(leads)} lead(s).")

    @admin.action(description="Mark lost", permissions=["change"], location=BOTH_LOCATIONS)
    def mark_lost(self, request, queryset):
        leads = [lead for lead in queryset if lead.stage != Stage.LOST]
        for lead in leads:
            services.lead_mark_lost(lead=lead, actor=request.user)
        self.message_user(request, f"Marked {len(leads)} lead(s) lost.")

    @admin.action(description="Export CSV", permissions=["export"])
    def export_csv(self, request, queryset):
        _record(request, "export", count=queryset.count())
        return lead_csv_response(queryset, with_contact=request.user.is_broker)
