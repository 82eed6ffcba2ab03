"""auditlog registration for payments."""

from auditlog.registry import auditlog

from billing.models import Payment

auditlog.register(Payment)
