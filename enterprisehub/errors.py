"""One error shape for the whole API: {"error", "message", "field", "code"}.

Services raise ApplicationError subclasses with a stable `code`; the DRF exception handler below
turns those, validation errors and every other 4xx into the same JSON body.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

API_PREFIX = "/api/"


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
    return raw.upper()


def _detail_message_and_code(detail: Any) -> tuple[str, str | None]:
    """(message, specific code) of a non-validation detail: a string or simplejwt's dict."""
    if isinstance(detail, dict):  # simplejwt: {"detail", "code", "messages"}
        return str(detail.get("detail", "")), detail.get("code")
    return str(detail), getattr(detail, "code", None)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF EXCEPTION_HANDLER: every 4xx leaves as {"error","message","field","code"}."""
    if isinstance(exc, ApplicationError):
        body = error_body(
            error=exc.code.lower(), message=exc.message, field=exc.field, code=exc.code
        )
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        # Keeps each message's code (e.g. "unique"), which message_dict would drop.
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
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
    message, specific = _detail_message_and_code(getattr(exc, "detail", str(exc)))
    if specific and code == "AUTHENTICATION_FAILED":
        code = _validation_code(str(specific))  # e.g. TOKEN_NOT_VALID, NO_ACTIVE_ACCOUNT
    response.data = error_body(error=error, message=message, field=None, code=code)
    return response


class ErrorSerializer(serializers.Serializer):
    """The error body, for the OpenAPI schema."""

    error = serializers.CharField()
    message = serializers.CharField()
    field = serializers.CharField(allow_null=True)
    code = serializers.CharField()


# --- Django-level handlers (urls.handler400/403/404/500): JSON under /api/, HTML elsewhere ----


def _json_error(status_code: int, error: str, message: str, code: str) -> JsonResponse:
    body = error_body(error=error, message=message, field=None, code=code)
    return JsonResponse(body, status=status_code)


def handler400(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Bad request (e.g. body too large) outside DRF's own handling."""
    if request.path.startswith(API_PREFIX):
        return _json_error(400, "bad_request", "Bad request.", "BAD_REQUEST")
    return defaults.bad_request(request, exception)


def handler403(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Permission denied outside DRF's own handling."""
    if request.path.startswith(API_PREFIX):
        return _json_error(403, "permission_denied", "Permission denied.", "PERMISSION_DENIED")
    return defaults.permission_denied(request, exception)


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """No route (or a malformed id in the path)."""
    if request.path.startswith(API_PREFIX):
        return _json_error(404, "not_found", "Not found.", "NOT_FOUND")
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """Unhandled error: never a traceback or HTML page to an API client."""
    if request.path.startswith(API_PREFIX):
        return _json_error(500, "server_error", "Internal server error.", "SERVER_ERROR")
    return defaults.server_error(request)
