"""auditlog registration for listings."""

from auditlog.registry import auditlog

from properties.models import Property

auditlog.register(Property, exclude_fields=["updated_at", "features"])
