"""Billing API: payment links (/api/v1/payments/), fee products, and Stripe's webhook
(/api/v1/webhooks/stripe/). Views parse, call one service or selector, and serialize."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import selectors, services
from billing.enums import PaymentStatus
from billing.models import FeeProduct, Payment
from enterprisehub.errors import ErrorSerializer

ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 415, 429, 502, 503), ErrorSerializer)
MAX_BIGINT = 9_223_372_036_854_775_807


class IsBrokerOrAgent(permissions.BasePermission):
    message = "Only brokers and agents may use the payments API."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_broker or request.user.is_agent)


class PaymentCreateSerializer(serializers.Serializer):
    lead_id = serializers.UUIDField()
    product_id = serializers.IntegerField(min_value=1, max_value=MAX_BIGINT)
    send = serializers.ChoiceField(
        choices=[("none", "Return the link only"), ("email", "Email it to the lead")],
        default="none",
        help_text="To text the link, use the lead page in the back office (texts go through bots).",
    )


class PaymentFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PaymentStatus.choices, required=False)
    lead_id = serializers.UUIDField(required=False)


class PaymentOutputSerializer(serializers.ModelSerializer):
    lead_id = serializers.UUIDField(allow_null=True)
    product_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "lead_id",
            "product_id",
            "purpose",
            "amount_cents",
            "currency",
            "status",
            "channel",
            "checkout_url",
            "expires_at",
            "paid_at",
            "refunded_cents",
            "failure_message",
            "livemode",
            "created_at",
        ]
        read_only_fields = fields


class FeeProductOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeeProduct
        fields = ["id", "name", "description", "audience", "amount_cents", "currency"]
        read_only_fields = fields


class PaymentListCreateApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsBrokerOrAgent]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="payments_list",
        parameters=[PaymentFilterSerializer],
        responses={200: PaymentOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = PaymentFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = selectors.payment_visible_to(viewer=request.user)
        if "status" in filters.validated_data:
            qs = qs.filter(status=filters.validated_data["status"])
        if "lead_id" in filters.validated_data:
            qs = qs.filter(lead_id=filters.validated_data["lead_id"])
        return Response(PaymentOutputSerializer(qs[:200], many=True).data)

    @extend_schema(
        operation_id="payments_create",
        request=PaymentCreateSerializer,
        responses={201: PaymentOutputSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Open a Stripe Checkout page for a fee product; the link is in `checkout_url`."""
        data = PaymentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        args: dict[str, Any] = {
            "lead_id": data.validated_data["lead_id"],
            "product_id": data.validated_data["product_id"],
            "actor": request.user,
            "viewer": request.user,
        }
        if data.validated_data["send"] == "email":
            payment = services.payment_link_email(**args)
        else:
            payment = services.payment_checkout_create(channel="api", **args)
        return Response(PaymentOutputSerializer(payment).data, status=status.HTTP_201_CREATED)


class PaymentDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsBrokerOrAgent]

    @extend_schema(
        operation_id="payments_retrieve", responses={200: PaymentOutputSerializer, **ERRORS}
    )
    def get(self, request: Request, payment_id: int) -> Response:
        payment = get_object_or_404(
            selectors.payment_visible_to(viewer=request.user), pk=payment_id
        )
        return Response(PaymentOutputSerializer(payment).data)


class FeeProductListApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsBrokerOrAgent]

    @extend_schema(
        operation_id="payments_products_list",
        responses={200: FeeProductOutputSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        products = selectors.fee_products_active()
        return Response(FeeProductOutputSerializer(products, many=True).data)


class StripeWebhookApi(APIView):
    """Stripe's deliveries: the signature is the credential (no user, no CSRF, no throttle)."""

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes: list = []

    @extend_schema(exclude=True)
    def post(self, request: Request) -> Response:
        event = services.stripe_event_verify(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
        receipt = services.stripe_event_store(event=event)
        return Response(
            {"received": True, "id": receipt.event.event_id, "duplicate": not receipt.created}
        )
