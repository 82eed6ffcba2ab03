"""Choices for conversations and messages."""

from django.db import models


class Channel(models.TextChoices):
    SMS = "sms", "SMS"
    EMAIL = "email", "Email"
    WEB = "web", "Web chat"


class BotKind(models.TextChoices):
    LEAD = "lead", "Lead bot"
    BUYER = "buyer", "Buyer bot"
    SELLER = "seller", "Seller bot"


class ConversationState(models.TextChoices):
    ACTIVE = "active", "Active"
    HANDED_OFF = "handed_off", "Handed off"
    CLOSED = "closed", "Closed"
    PAUSED = "paused", "Paused"


class Direction(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"


class MessageStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    QUEUED = "queued", "Queued"
    SCHEDULED = "scheduled", "Scheduled (quiet hours)"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    HELD = "held", "Held for review"
    BLOCKED = "blocked", "Blocked"


class DecisionKind(models.TextChoices):
    INTENT = "intent", "Intent"
    EXTRACTION = "extraction", "Extraction"
    SCORE = "score", "Score"
    HANDOFF = "handoff", "Handoff"
    GUARD = "guard", "Compliance guard"
