"""Billing business-rule errors (each with a stable code for the API and the back office)."""

from rest_framework import status

from enterprisehub.errors import ApplicationError, NotFoundError


class PaymentsNotConfiguredError(ApplicationError):
    """No Stripe key, or a key of the wrong mode for this environment."""

    code = "PAYMENTS_NOT_CONFIGURED"
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE


class StripeKeyModeError(PaymentsNotConfiguredError):
    code = "STRIPE_KEY_MODE"


class PaymentProviderError(ApplicationError):
    """Stripe refused or could not be reached; nothing was charged."""

    code = "STRIPE_ERROR"
    status_code = status.HTTP_502_BAD_GATEWAY


class FeeProductUnavailableError(ApplicationError):
    code = "FEE_PRODUCT_UNAVAILABLE"


class PaymentNotFoundError(NotFoundError):
    code = "PAYMENT_NOT_FOUND"


class RefundRuleError(ApplicationError):
    code = "REFUND_NOT_ALLOWED"


class PaymentLinkNotSentError(ApplicationError):
    """The outbound gate refused the message carrying the link (opt-out, no address, ...)."""

    code = "PAYMENT_LINK_NOT_SENT"
    status_code = status.HTTP_409_CONFLICT


class CommissionRuleError(ApplicationError):
    code = "COMMISSION_INVALID"


class WebhookRefusedError(ApplicationError):
    """A webhook body whose signature is missing, wrong or stale (nothing is stored)."""

    code = "SIGNATURE_INVALID"


class EventNotMatchedError(Exception):
    """A Stripe event for a payment we do not hold yet (out of order): retried later."""
