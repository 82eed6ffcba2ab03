"""Lead business-rule errors (each with a stable code for the API)."""

from enterprisehub.errors import ApplicationError
from enterprisehub.pii import EmailFormatError, PhoneFormatError

__all__ = ["DuplicateLeadError", "EmailFormatError", "LeadRuleError", "PhoneFormatError"]


class DuplicateLeadError(ApplicationError):
    code = "DUPLICATE_LEAD"
    status_code = 409


class LeadRuleError(ApplicationError):
    code = "LEAD_RULE_VIOLATION"
