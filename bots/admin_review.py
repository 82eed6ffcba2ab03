"""The review queue in the admin: texts held by the Fair Housing check and unclear opt-outs,
each with the conversation around it, who or what held it, and the decision form (approve as
written, approve an edited text that is checked again, reject; for an opt-out: honour it on a
channel, or not). Every decision goes through bots.review and is recorded with who and when.

The queue's rows are compliance.ReviewItem; this admin lives in bots because deciding sends or
blocks a bots Message. Agents see the items of their own leads, brokers all.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from bots import review as review_services
from bots.admin import AccessLoggedAdmin, _when
from bots.models import Message
from compliance.enums import ReviewKind, ReviewStatus
from compliance.models import ReviewItem
from compliance.review import fair_housing_review
from enterprisehub.errors import ApplicationError
from leads import selectors as lead_selectors

CONTEXT_BEFORE, CONTEXT_AFTER = 8, 3

FAIR_HOUSING_DECISIONS = [
    ("approve", "Approve: send as written"),
    ("edit", "Approve the edited text below (checked again before it goes)"),
    ("reject", "Reject: never send"),
]
OPT_OUT_DECISIONS = [
    ("opt_out_sms", "It is an opt-out: stop texts"),
    ("opt_out_email", "It is an opt-out: stop e-mail only"),
    ("opt_out_all", "It is an opt-out: stop texts and e-mail"),
    ("not_opt_out", "Not an opt-out: a person carries on the conversation"),
]


def _message(item: ReviewItem) -> Message | None:
    return (
        Message.objects.select_related("conversation__lead").filter(pk=item.object_id).first()
        if item.object_id.isdigit()
        else None
    )


class ReviewDecisionForm(forms.ModelForm):
    decision = forms.ChoiceField(choices=FAIR_HOUSING_DECISIONS + OPT_OUT_DECISIONS)
    edited_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    decision_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Note"
    )

    class Meta:
        model = ReviewItem
        fields: list[str] = []

    def clean(self):
        data = super().clean()
        item = self.instance
        if item.status != ReviewStatus.PENDING:
            raise forms.ValidationError("This item was already decided.")
        allowed = dict(
            FAIR_HOUSING_DECISIONS if item.kind == ReviewKind.FAIR_HOUSING else OPT_OUT_DECISIONS
        )
        if data.get("decision") not in allowed:
            self.add_error("decision", "Not a decision for this kind of item.")
        if data.get("decision") == "edit":
            text = (data.get("edited_text") or "").strip()
            if not text:
                self.add_error("edited_text", "Write the text to send instead.")
            elif (result := fair_housing_review(text)).verdict != "allow":
                self.add_error(
                    "edited_text",
                    f"The edited text is still {result.verdict}ed by the Fair Housing check: "
                    + ", ".join(result.matches or result.categories),
                )
        return data


@admin.register(ReviewItem)
class ReviewItemAdmin(AccessLoggedAdmin):
    form = ReviewDecisionForm
    list_display = (
        "created_at",
        "kind",
        "status",
        "lead_id",
        "verdict",
        "categories",
        "reviewer",
        "decided_by",
        "decided_at",
    )
    list_filter = ("status", "kind", "reviewer")
    ordering = ("-created_at",)
    readonly_fields = (
        "kind",
        "status",
        "held_text",
        "conversation",
        "verdict",
        "categories",
        "rule_ids",
        "matches",
        "reviewer",
        "reason",
        "created_at",
        "decided_by",
        "decided_at",
        "note",
        "final_text",
    )
    actions = ("reject_selected",)

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("decided_by")
        if request.user.is_broker:
            return qs
        visible = lead_selectors.lead_visible_to(viewer=request.user).values("pk")
        return qs.filter(lead_id__in=visible)

    def get_fields(self, request, obj=None):
        decide = ["decision", "edited_text", "decision_note"]
        pending = obj is not None and obj.status == ReviewStatus.PENDING
        return [*self.readonly_fields, *(decide if pending else [])]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["fields"] = []
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None:
            choices = (
                FAIR_HOUSING_DECISIONS if obj.kind == ReviewKind.FAIR_HOUSING else OPT_OUT_DECISIONS
            )
            form.base_fields["decision"].choices = choices
        return form

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        decided = obj is not None and obj.status != ReviewStatus.PENDING
        return not decided and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Text")
    def held_text(self, item: ReviewItem) -> str:
        message = _message(item)
        return message.body if message else "(message no longer stored)"

    @admin.display(description="Conversation around it")
    def conversation(self, item: ReviewItem) -> str:
        message = _message(item)
        if message is None:
            return "-"
        around = Message.objects.filter(conversation_id=message.conversation_id)
        before = list(around.filter(pk__lt=message.pk).order_by("-pk")[:CONTEXT_BEFORE])[::-1]
        after = list(around.filter(pk__gt=message.pk).order_by("pk")[:CONTEXT_AFTER])
        rows = format_html_join(
            "",
            '<tr{}><td>{}</td><td>{}</td><td>{}</td><td style="white-space: pre-wrap">{}</td></tr>',
            (
                (
                    mark_safe(' style="font-weight: bold"') if m.pk == message.pk else "",  # noqa: S308
                    _when(m.created_at),
                    m.get_direction_display(),
                    m.get_status_display(),
                    m.body,
                )
                for m in [*before, message, *after]
            ),
        )
        return format_html(
            "<table><thead><tr><th>When</th><th>Direction</th><th>Status</th><th>Message</th>"
            "</tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def save_model(self, request, obj: ReviewItem, form, change: bool) -> None:
        """Apply the decision through the services (the form checked it first)."""
        data = form.cleaned_data
        message = _message(obj)
        if message is None:
            raise ApplicationError("The message is gone.", code="MESSAGE_GONE")
        decision, note = data["decision"], data.get("decision_note", "")
        if decision == "approve":
            review_services.message_review_approve(message=message, by=request.user, note=note)
        elif decision == "edit":
            review_services.message_review_approve(
                message=message, by=request.user, body=data["edited_text"], note=note
            )
        elif decision == "reject":
            review_services.message_review_reject(message=message, by=request.user, note=note)
        else:
            channel = decision.removeprefix("opt_out_")
            review_services.opt_out_review_resolve(
                message=message,
                by=request.user,
                opted_out=decision != "not_opt_out",
                channel=channel if decision != "not_opt_out" else "sms",
                note=note,
            )
        obj.refresh_from_db()

    @admin.action(description="Reject the selected held texts (never send)")
    def reject_selected(self, request, queryset) -> None:
        done = 0
        for item in queryset.filter(kind=ReviewKind.FAIR_HOUSING, status=ReviewStatus.PENDING):
            message = _message(item)
            if message is not None:
                review_services.message_review_reject(message=message, by=request.user)
                done += 1
        self.message_user(request, f"{done} held text(s) rejected.", messages.SUCCESS)
