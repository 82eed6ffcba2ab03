"""auditlog registration for bots; message bodies are masked."""

from auditlog.registry import auditlog

from bots.models import Conversation, Message

auditlog.register(Conversation, exclude_fields=["updated_at"])
auditlog.register(Message, mask_fields=["body"])
