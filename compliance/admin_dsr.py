"""Back office for data-subject requests (queue, verify, export, erase) and the access log.

Every button calls the same services as any other interface (compliance.dsr); the export and
erase workflows themselves are registered by bots at start-up.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from compliance import dsr
from compliance.models import AccessLog, DataSubjectRequest
from enterprisehub.errors import ApplicationError

OVERDUE_STYLE = "color:#fff;background:#ba2121;padding:2px 6px;border-radius:3px"
DUE_SOON_STYLE = "color:#000;background:#ffc107;padding:2px 6px;border-radius:3px"


class DueFilter(admin.SimpleListFilter):
    title = "deadline"
    parameter_name = "due"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("soon", "Due within 7 days"), ("open", "All open")]

    def queryset(self, request, queryset):
        ids = {
            "overdue": dsr.dsr_overdue,
            "soon": dsr.dsr_due_soon,
            "open": dsr.dsr_open,
        }.get(self.value())
        return queryset.filter(pk__in=ids().values("pk")) if ids else queryset


class VerifyForm(forms.Form):
    method = forms.CharField(
        label="How was the identity verified?",
        max_length=200,
        help_text="e.g. 'code sent to the phone on file and read back', 'ID shown in office'",
    )


class NoteForm(forms.Form):
    note = forms.CharField(label="What was corrected", widget=forms.Textarea)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason for rejecting", widget=forms.Textarea)


class ConfirmForm(forms.Form):
    pass


class EraseForm(forms.Form):
    confirm = forms.CharField(label="Type ERASE to confirm", max_length=10)

    def clean_confirm(self) -> str:
        if self.cleaned_data["confirm"].strip() != "ERASE":
            raise forms.ValidationError("Type ERASE (capitals) to confirm the erasure.")
        return "ERASE"


# action -> (title, form, service call returning an optional HttpResponse)
def _run_verify(req, obj, data):
    dsr.dsr_verify(dsr=obj, verified_by=req.user, method=data["method"])


def _run_export(req, obj, data):
    document = dsr.dsr_export(dsr=obj, actor=req.user)
    response = HttpResponse(dsr.export_json(document), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="dsr-{obj.pk}-export.json"'
    return response


def _run_erase(req, obj, data):
    dsr.dsr_erase(dsr=obj, actor=req.user)


def _run_complete(req, obj, data):
    dsr.dsr_complete(dsr=obj, actor=req.user, note=data["note"])


def _run_reject(req, obj, data):
    dsr.dsr_reject(dsr=obj, actor=req.user, reason=data["reason"])


ACTIONS = {
    "verify": ("Record identity verification", VerifyForm, _run_verify),
    "export": ("Export everything held (JSON download)", ConfirmForm, _run_export),
    "erase": ("Erase this person's data (cannot be undone)", EraseForm, _run_erase),
    "complete": ("Mark the correction done", NoteForm, _run_complete),
    "reject": ("Reject the request", ReasonForm, _run_reject),
}
ACTIONS_FOR_KIND = {
    DataSubjectRequest.Kind.ACCESS: ("verify", "export", "reject"),
    DataSubjectRequest.Kind.DELETE: ("verify", "erase", "reject"),
    DataSubjectRequest.Kind.CORRECT: ("verify", "complete", "reject"),
}


class DataSubjectRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "status", "deadline", "lead_id", "verified_at", "completed_at"]
    list_filter = [DueFilter, "kind", "status"]
    search_fields = ["lead_id", "requester_name"]
    date_hierarchy = "received_at"
    readonly_fields = [
        "due_at",
        "status",
        "verified_at",
        "verified_by",
        "verification_method",
        "completed_at",
        "result",
        "fulfil",
    ]
    fields = [
        "kind",
        "lead_id",
        "requester_name",
        "requester_contact",
        "details",
        "received_at",
        *readonly_fields,
    ]

    @admin.display(description="due", ordering="due_at")
    def deadline(self, obj: DataSubjectRequest) -> str:
        text = f"{obj.due_at:%Y-%m-%d}"
        if obj.status not in dsr.OPEN_STATUSES:
            return text
        now = timezone.now()
        if obj.due_at < now:
            return format_html('<span style="{}">OVERDUE {}</span>', OVERDUE_STYLE, text)
        if obj.due_at < now + timedelta(days=dsr.DUE_SOON_DAYS):
            return format_html('<span style="{}">{}</span>', DUE_SOON_STYLE, text)
        return text

    @admin.display(description="fulfil")
    def fulfil(self, obj: DataSubjectRequest) -> str:
        if not obj.pk:
            return "-"
        links = [
            format_html(
                '<a class="button" href="{}">{}</a>',
                reverse("admin:compliance_dsr_action", args=[obj.pk, name]),
                name,
            )
            for name in ACTIONS_FOR_KIND.get(obj.kind, ())
        ]
        return format_html(" ".join(["{}"] * len(links)), *links) if links else "-"

    def save_model(self, request, obj, form, change):
        if not change:
            received = obj.received_at or timezone.now()
            obj.received_at = received
            obj.due_at = DataSubjectRequest.due_for(received)
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(self.action_view)
        extra = [path("<int:pk>/do/<str:action>/", view, name="compliance_dsr_action")]
        return extra + super().get_urls()

    def action_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        """Show the form for one fulfilment step; on POST run it through the service."""
        obj = get_object_or_404(DataSubjectRequest, pk=pk)
        if action not in ACTIONS or not self.has_change_permission(request, obj):
            raise PermissionDenied
        title, form_class, run = ACTIONS[action]
        form = form_class(request.POST if request.method == "POST" else None)
        change_url = reverse("admin:compliance_datasubjectrequest_change", args=[pk])
        if request.method == "POST" and form.is_valid():
            try:
                response = run(request, obj, form.cleaned_data)
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return HttpResponseRedirect(change_url)
            if response is not None:
                return response
            self.message_user(request, f"{title}: done.", messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "object": obj,
            "opts": self.model._meta,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/compliance/dsr_action.html", context)


class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: who read which lead, through which surface."""

    list_display = ["at", "user", "action", "surface", "object_type", "object_id", "count"]
    list_filter = ["action", "surface", "object_type"]
    search_fields = ["object_id", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(DataSubjectRequest, DataSubjectRequestAdmin)
admin.site.register(AccessLog, AccessLogAdmin)
