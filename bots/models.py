"""Conversation, Message (body encrypted) and BotDecision (the AI audit trail)."""

from __future__ import annotations

from django.db import models
from fernet_fields import EncryptedTextField

from bots.enums import BotKind, Channel, ConversationState, DecisionKind, Direction, MessageStatus
from enterprisehub.models import TimeStampedModel


class Conversation(TimeStampedModel):
    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="conversations")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.SMS)
    bot = models.CharField(max_length=10, choices=BotKind.choices, default=BotKind.LEAD)
    state = models.CharField(
        max_length=12, choices=ConversationState.choices, default=ConversationState.ACTIVE
    )
    variant = models.CharField(max_length=20, blank=True)  # A/B arm: hash(lead id + experiment)
    turn_count = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True)
    ghl_conversation_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["lead", "-created_at"], name="conv_lead_created")]

    def __str__(self) -> str:
        return f"{self.get_bot_display()} over {self.get_channel_display()} ({self.state})"


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    body = EncryptedTextField()
    external_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    provider = models.CharField(max_length=30, blank=True)
    model = models.CharField(max_length=60, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=10, decimal_places=6, default=0)  # USD
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    compliance_flags = models.JSONField(default=list, blank=True)
    send_after = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["conversation", "created_at"], name="msg_conv_created"),
            models.Index(fields=["status", "send_after"], name="msg_status_send_after"),
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()} message {self.pk} ({self.status})"


class BotDecision(models.Model):
    """Why the bot did what it did: inputs summary, output, reasoning, provider, confidence."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=12, choices=DecisionKind.choices)
    inputs_summary = models.TextField(blank=True)
    output = models.JSONField(default=dict, blank=True)
    reasoning = models.TextField(blank=True)
    provider = models.CharField(max_length=30, blank=True)
    prompt_version = models.CharField(max_length=30, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} decision {self.pk}"
