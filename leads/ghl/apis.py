"""The GHL webhook endpoints (DRF): parse the request, call webhooks.webhook_receive, answer.

Never a 500: GHL drops an event we answer with anything but 2xx or 429, so an unexpected error
before the event is stored answers 429 with Retry-After and GHL delivers it again.
"""

from __future__ import annotations

import logging

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from enterprisehub.errors import ErrorSerializer, error_body
from leads.ghl import webhooks
from leads.ghl.exceptions import WebhookError, WebhookUnavailableError

log = logging.getLogger(__name__)

_Accepted = inline_serializer(
    "GhlWebhookAccepted",
    fields={
        "status": serializers.ChoiceField(["accepted", "duplicate"]),
        "webhookId": serializers.CharField(),
    },
)


def _error_response(exc: WebhookError) -> Response:
    body = error_body(error=exc.error, message=exc.message, field=exc.field, code=exc.code)
    headers = {"Retry-After": str(exc.retry_after)} if exc.retry_after else None
    return Response(body, status=exc.status_code, headers=headers)


class _JsonOnly(BaseContentNegotiation):
    """GHL reads JSON whatever it sends in Accept; no negotiation to pay for per event."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class _WebhookApi(APIView):
    authentication_classes: list = []  # the signature (or shared secret) is the authentication
    permission_classes = [AllowAny]
    throttle_classes: list = []  # a throttled GHL delivery would be a lost lead
    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonOnly
    workflow = False

    def post(self, request):
        try:
            webhooks.check_size(request.META.get("CONTENT_LENGTH"))
            received = webhooks.webhook_receive(
                body=request.body, headers=request.headers, workflow=self.workflow
            )
        except WebhookError as exc:
            return _error_response(exc)
        except Exception:  # anything unforeseen: make GHL retry rather than lose the event
            log.exception("ghl webhook: unexpected error, answering 429")
            return _error_response(WebhookUnavailableError("Temporarily unavailable; retry."))
        return Response(received.as_body(), status=200)


@extend_schema(
    tags=["webhooks"],
    request={"application/json": dict},
    responses={
        200: _Accepted,
        400: ErrorSerializer,
        401: ErrorSerializer,
        413: ErrorSerializer,
        429: OpenApiResponse(ErrorSerializer, description="Not stored; retry after Retry-After"),
    },
    summary="GHL webhook (X-GHL-Signature Ed25519, or X-WH-Signature RSA)",
)
class GhlWebhookApi(_WebhookApi):
    """Marketplace webhook events, signed by GHL over the raw body."""


@extend_schema(
    tags=["webhooks"],
    request={"application/json": dict},
    responses={200: _Accepted, 400: ErrorSerializer, 401: ErrorSerializer, 413: ErrorSerializer},
    summary="GHL workflow webhook (X-GHL-Workflow-Secret shared secret)",
)
class GhlWorkflowWebhookApi(_WebhookApi):
    """Workflow "Webhook" actions, which cannot be signed: a shared-secret header instead."""

    workflow = True
