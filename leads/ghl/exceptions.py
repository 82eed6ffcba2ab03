"""GHL errors: webhook rejections (each with its HTTP status and a stable code) and API failures."""

from __future__ import annotations

from enterprisehub.errors import ApplicationError, TransientError


class WebhookError(ApplicationError):
    """A webhook answered with a 4xx in the structured error shape."""

    code = "WEBHOOK_ERROR"
    error = "webhook_error"
    retry_after: int | None = None


class WebhookAuthError(WebhookError):
    code = "WEBHOOK_SIGNATURE_INVALID"
    error = "authentication_failed"
    status_code = 401


class WebhookStaleError(WebhookAuthError):
    code = "WEBHOOK_STALE"


class WebhookTooLargeError(WebhookError):
    code = "WEBHOOK_TOO_LARGE"
    error = "payload_too_large"
    status_code = 413


class WebhookPayloadError(WebhookError):
    code = "WEBHOOK_PAYLOAD_INVALID"
    error = "validation_error"
    status_code = 400


class WebhookUnavailableError(WebhookError):
    """We could not store the event: GHL retries only on 429, so that is what it gets."""

    code = "WEBHOOK_STORE_UNAVAILABLE"
    error = "unavailable"
    status_code = 429
    retry_after = 60


class GhlNotConfiguredError(ApplicationError):
    code = "GHL_NOT_CONFIGURED"
    status_code = 503


class GhlApiError(ApplicationError):
    """GHL answered a 4xx we do not retry (bad request, not found, forbidden...)."""

    code = "GHL_API_ERROR"
    status_code = 502

    def __init__(self, message: str, *, http_status: int | None = None, **kwargs) -> None:
        super().__init__(message, **kwargs)
        self.http_status = http_status


class GhlTransientError(TransientError):
    """429, 5xx or a connection failure that outlasted the retries: try again later."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class GhlRateLimitedError(GhlTransientError):
    """Our shared bucket (or the daily quota) has no room now; `retry_after` says when."""


class GhlAmbiguousSendError(GhlTransientError):
    """A text may or may not have gone out; it is checked with GHL before any resend."""
