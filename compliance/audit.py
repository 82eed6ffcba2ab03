"""auditlog registration for compliance records; PII in requests is masked."""

from auditlog.registry import auditlog

from compliance.models import DataSubjectRequest

auditlog.register(DataSubjectRequest, mask_fields=["requester_contact", "details"])
