"""Back office for conversations: transcripts, messages (bodies decrypted, read-only), decisions.

An agent never sees another agent's conversations: every list is scoped through the lead.
The transcript also appears on the lead page, through LeadAdmin.inline_register.
"""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from bots.models import BotDecision, Conversation, Message
from compliance import services as compliance_services
from leads import selectors as lead_selectors
from leads.admin import LeadAdmin, LeadReadOnlyInline


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "-"


def _pretty_json(value) -> str:
    return format_html("<pre>{}</pre>", json.dumps(value, indent=2, sort_keys=True, default=str))


def _transcript_html(messages) -> str:
    rows = format_html_join(
        "",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td style="white-space: pre-wrap">{}</td></tr>',
        (
            (_when(m.created_at), m.get_direction_display(), m.get_status_display(), m.body)
            for m in messages
        ),
    )
    if not rows:
        return "No messages."
    return format_html(
        "<table><thead><tr><th>When</th><th>Direction</th><th>Status</th><th>Message</th>"
        "</tr></thead><tbody>{}</tbody></table>",
        rows,
    )


class AccessLoggedAdmin(admin.ModelAdmin):
    """Every opened record page (message bodies are lead data) is written to the access log."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            compliance_services.access_record(
                user=request.user,
                action="view",
                surface="admin",
                object_type=self.opts.label_lower,
                object_id=unquote(object_id),
            )
        return response


class ReadOnlyAdmin(AccessLoggedAdmin):
    """Nothing here is written by hand: bots write it, brokers read it."""

    lead_path = "lead"  # how to reach the lead from this model, for scoping

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_broker:
            return qs
        visible = lead_selectors.lead_visible_to(viewer=request.user).values("pk")
        return qs.filter(**{f"{self.lead_path}__in": visible})

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ConversationTranscriptInline(LeadReadOnlyInline, admin.StackedInline):
    """The lead page's read-only transcript: each conversation with its messages in order."""

    model = Conversation
    fk_name = "lead"
    verbose_name = "conversation"
    verbose_name_plural = "Conversations (transcript)"
    fields = readonly_fields = ("channel", "bot", "state", "turn_count", "summary", "transcript")
    show_change_link = True

    def get_queryset(self, request):
        ordered = Message.objects.order_by("created_at")
        return super().get_queryset(request).prefetch_related(Prefetch("messages", ordered))

    @admin.display(description="Transcript")
    def transcript(self, conversation: Conversation) -> str:
        return _transcript_html(conversation.messages.all())


LeadAdmin.inline_register(ConversationTranscriptInline)


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = ("created_at", "direction", "status", "body", "provider", "cost")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "lead", "channel", "bot", "state", "turn_count", "created_at")
    list_filter = ("channel", "bot", "state", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("lead",)
    search_fields = ("lead__first_name", "lead__last_name", "=ghl_conversation_id")
    fields = readonly_fields = (
        "lead",
        "channel",
        "bot",
        "state",
        "variant",
        "turn_count",
        "summary",
        "ghl_conversation_id",
        "created_at",
        "updated_at",
    )
    inlines = (MessageInline,)


class BotDecisionInline(admin.StackedInline):
    model = BotDecision
    extra = 0
    max_num = 0
    can_delete = False
    fields = readonly_fields = (
        "kind",
        "provider",
        "prompt_version",
        "confidence",
        "inputs_summary",
        "output_json",
        "reasoning",
    )

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Output")
    def output_json(self, decision: BotDecision) -> str:
        return _pretty_json(decision.output)


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    lead_path = "conversation__lead"
    list_display = (
        "id",
        "lead",
        "direction",
        "status",
        "provider",
        "model",
        "tokens_in",
        "tokens_out",
        "cost",
        "latency_ms",
        "created_at",
    )
    list_filter = ("direction", "status", "provider", ("created_at", admin.DateFieldListFilter))
    list_select_related = ("conversation__lead",)
    search_fields = ("=external_id",)
    fields = readonly_fields = (
        "conversation",
        "direction",
        "status",
        "body",
        "external_id",
        "provider",
        "model",
        "tokens_in",
        "tokens_out",
        "cost",
        "latency_ms",
        "compliance_flags",
        "send_after",
        "created_at",
    )
    inlines = (BotDecisionInline,)

    @admin.display(description="Lead", ordering="conversation__lead__last_name")
    def lead(self, message: Message):
        return message.conversation.lead


@admin.register(BotDecision)
class BotDecisionAdmin(ReadOnlyAdmin):
    lead_path = "message__conversation__lead"
    list_display = ("id", "kind", "lead", "provider", "prompt_version", "confidence", "created_at")
    list_filter = ("kind", "provider", "prompt_version")
    list_select_related = ("message__conversation__lead",)
    fields = readonly_fields = (
        "message",
        "kind",
        "provider",
        "prompt_version",
        "confidence",
        "inputs_summary",
        "output_json",
        "reasoning",
        "created_at",
    )

    @admin.display(description="Lead")
    def lead(self, decision: BotDecision):
        return decision.message.conversation.lead

    @admin.display(description="Output")
    def output_json(self, decision: BotDecision) -> str:
        return _pretty_json(decision.output)


# The lead page's payment-link action, and the review queue (compliance.ReviewItem decided
# through bots.review), have their own modules.
from bots import admin_payments, admin_review  # noqa: E402, F401
