"""auditlog registration for leads; encrypted fields and their hashes are masked.

Only concrete columns are tracked: reverse relations (conversations, events, payments) would
otherwise show up as empty "changes" on create.
"""

from auditlog.registry import auditlog

from leads.models import Lead

# Bookkeeping columns (when a GHL sync was asked for / done) would flood the history.
NOT_AUDITED = {"updated_at", "ghl_sync_requested_at", "ghl_synced_at"}

auditlog.register(
    Lead,
    include_fields=[f.name for f in Lead._meta.concrete_fields if f.name not in NOT_AUDITED],
    mask_fields=["phone", "email", "phone_hash", "email_hash"],
)
