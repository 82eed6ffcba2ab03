"""One error shape for the whole API: {"error", "message", "field", "code"}.

Services raise ApplicationError subclasses with a stable `code`; the DRF exception handler below
turns those, validation errors and every other 4xx into the same JSON body.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business-rule failure with a stable machine-readable code."""

    code = "APPLICATION_ERROR"
    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        status_code: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code


class NotFoundError(ApplicationError):
    code = "NOT_FOUND"
    status_code = status.HTTP_404_NOT_FOUND


class TransientError(Exception):
    """An external call failed in a way worth retrying (timeouts, 429, 5xx)."""


_DRF_CODES = {
    exceptions.NotAuthenticated: ("not_authenticated", "NOT_AUTHENTICATED"),
    exceptions.AuthenticationFailed: ("authentication_failed", "AUTHENTICATION_FAILED"),
    exceptions.PermissionDenied: ("permission_denied", "PERMISSION_DENIED"),
    exceptions.NotFound: ("not_found", "NOT_FOUND"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "METHOD_NOT_ALLOWED"),
    exceptions.NotAcceptable: ("not_acceptable", "NOT_ACCEPTABLE"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "UNSUPPORTED_MEDIA_TYPE"),
    exceptions.Throttled: ("throttled", "RATE_LIMITED"),
    exceptions.ParseError: ("parse_error", "PARSE_ERROR"),
}


def error_body(*, error: str, message: str, field: str | None, code: str) -> dict[str, Any]:
    """Build the one error body every 4xx carries."""
    return {"error": error, "message": message, "field": field, "code": code}


def _first_validation_error(detail: Any, prefix: str = "") -> tuple[str | None, str, str]:
    """Walk DRF's nested error detail to the first (field, message, code)."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else key
            path = f"{prefix}.{name}" if prefix and name else (name or prefix or None)
            return _first_validation_error(value, path or "")
    if isinstance(detail, list) and detail:
        return _first_validation_error(detail[0], prefix)
    message = str(detail)
    code = getattr(detail, "code", None) or "invalid"
    return (prefix or None, message, str(code))


def _validation_code(raw: str) -> str:
    # Codes raised on purpose are already UPPER_SNAKE (e.g. PHONE_FORMAT_ERROR); DRF's are not.
    return raw if raw.isupper() else f"{raw.upper()}"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF EXCEPTION_HANDLER: every 4xx leaves as {"error","message","field","code"}."""
    if isinstance(exc, ApplicationError):
        body = error_body(
            error=exc.code.lower(), message=exc.message, field=exc.field, code=exc.code
        )
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        field, message, code = _first_validation_error(exc.detail)
        response.data = error_body(
            error="validation_error", message=message, field=field, code=_validation_code(code)
        )
        return response
    error, code = next(
        (pair for klass, pair in _DRF_CODES.items() if isinstance(exc, klass)),
        ("error", "ERROR"),
    )
    detail = getattr(exc, "detail", str(exc))
    response.data = error_body(error=error, message=str(detail), field=None, code=code)
    return response
