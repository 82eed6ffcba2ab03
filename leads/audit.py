"""auditlog registration for leads; encrypted fields and their hashes are masked."""

from auditlog.registry import auditlog

from leads.models import Lead

auditlog.register(Lead, mask_fields=["phone", "email", "phone_hash", "email_hash"])
