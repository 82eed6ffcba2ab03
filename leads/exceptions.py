"""Lead business-rule errors (each with a stable code for the API)."""

from enterprisehub.errors import ApplicationError
from enterprisehub.pii import EmailFormatError, PhoneFormatError

__all__ = [
    "DuplicateLeadError",
    "EmailFormatError",
    "LeadRuleError",
    "OfferClosedError",
    "OfferNotFoundError",
    "OfferTakenError",
    "PhoneFormatError",
]


class DuplicateLeadError(ApplicationError):
    code = "DUPLICATE_LEAD"
    status_code = 409


class LeadRuleError(ApplicationError):
    code = "LEAD_RULE_VIOLATION"


class OfferNotFoundError(ApplicationError):
    """No open offer the agent may claim with this id (or not theirs to see)."""

    code = "NOT_FOUND"
    status_code = 404


class OfferTakenError(ApplicationError):
    """Another agent claimed the lead first (or it was assigned another way)."""

    code = "OFFER_TAKEN"
    status_code = 409


class OfferClosedError(ApplicationError):
    """The claim window ran out or the offer was withdrawn."""

    code = "OFFER_CLOSED"
    status_code = 409
