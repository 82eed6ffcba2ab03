"""Routing API for agents: open offers (pond and broadcasts) and claiming one; own availability.

GET  /api/v1/leads/offers/                 offers the viewer may claim, oldest first
POST /api/v1/leads/offers/<id>/claim/      first claim wins; later ones get 409 OFFER_TAKEN
GET  /api/v1/leads/availability/           the agent's own availability and status
PUT  /api/v1/leads/availability/           mark away until a moment (null: back)
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.services import access_record
from enterprisehub.api import RejectUnknownFieldsMixin
from leads.apis import ERRORS, IsBrokerOrAgent, LeadCursorPagination
from leads.routing import offers, selectors, services
from leads.routing.models import LeadOffer


class OfferLeadSerializer(serializers.Serializer):
    """What an agent sees of an offered lead before claiming it: no phone, email or last name."""

    id = serializers.UUIDField()
    first_name = serializers.CharField()
    source = serializers.CharField()
    intent = serializers.CharField()
    temperature = serializers.CharField()
    score = serializers.IntegerField()
    areas = serializers.ListField(child=serializers.CharField())
    budget_min = serializers.IntegerField(allow_null=True)
    budget_max = serializers.IntegerField(allow_null=True)
    timeline_months = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class OfferSerializer(serializers.ModelSerializer):
    lead = OfferLeadSerializer()
    rule = serializers.StringRelatedField()
    rule_id = serializers.IntegerField(allow_null=True)

    class Meta:
        model = LeadOffer
        fields = [
            "id",
            "kind",
            "status",
            "rule_id",
            "rule",
            "lead",
            "expires_at",
            "claimed_by",
            "created_at",
        ]
        read_only_fields = fields


class OfferPagination(LeadCursorPagination):
    ordering = ("created_at", "id")  # oldest offer first: it has waited longest


class OfferPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = OfferSerializer(many=True)


class IsAgent(permissions.BasePermission):
    message = "Only agents have an availability."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_agent)


class OfferListApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsBrokerOrAgent]

    @extend_schema(
        operation_id="lead_offers_list",
        parameters=[
            OpenApiParameter("cursor", str, description="Opaque cursor from `next`/`previous`"),
            OpenApiParameter("page_size", int, description="1-200, default 50"),
        ],
        responses={200: OfferPageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        paginator = OfferPagination()
        page = paginator.paginate_queryset(
            selectors.offers_open_for(viewer=request.user), request, view=self
        )
        access_record(user=request.user, action="list", surface="api", count=len(page))
        return paginator.get_paginated_response(OfferSerializer(page, many=True).data)


class OfferClaimApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgent]

    @extend_schema(
        operation_id="lead_offers_claim",
        request=None,
        responses={200: OfferSerializer, **ERRORS},
    )
    def post(self, request: Request, offer_id: int) -> Response:
        offer = offers.offer_claim(offer_id=offer_id, agent=request.user)
        return Response(OfferSerializer(selectors.offer_get(offer_id=offer.pk)).data)


class AvailabilitySerializer(RejectUnknownFieldsMixin, serializers.Serializer):
    away_until = serializers.DateTimeField(allow_null=True)
    away_note = serializers.CharField(max_length=200, required=False, allow_blank=True)
    hot_lead_cap = serializers.IntegerField(read_only=True, help_text="set by a broker")
    status = serializers.CharField(read_only=True)


class AvailabilityApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsAgent]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="lead_availability_retrieve", responses={200: AvailabilitySerializer, **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return Response(AvailabilitySerializer(selectors.availability_of(agent=request.user)).data)

    @extend_schema(
        operation_id="lead_availability_update",
        request=AvailabilitySerializer,
        responses={200: AvailabilitySerializer, **ERRORS},
    )
    def put(self, request: Request) -> Response:
        serializer = AvailabilitySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.availability_away_set(agent=request.user, **serializer.validated_data)
        return Response(
            AvailabilitySerializer(selectors.availability_of(agent=request.user)).data,
            status=status.HTTP_200_OK,
        )
