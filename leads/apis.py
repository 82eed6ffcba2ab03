"""Leads API (/api/v1/leads/): filtered cursor-paginated list, create, read, partial update.

Views parse, call one selector or service, record the access and serialize; the rules live in
leads.services (writes), leads.selectors (who sees what) and leads.filters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.services import access_record
from enterprisehub import pii
from enterprisehub.accounts.models import User
from enterprisehub.api import ParamsSerializer
from enterprisehub.errors import ApplicationError, ErrorSerializer
from leads.enums import Intent, Source, Stage, Temperature
from leads.filters import lead_filter
from leads.models import Lead
from leads.routing.serializers import RoutingSerializer
from leads.routing.services import lead_create_routed
from leads.selectors import lead_visible_to
from leads.services import lead_update

MAX_INT = 2_147_483_647  # PositiveIntegerField's ceiling on PostgreSQL
MAX_BIGINT = 9_223_372_036_854_775_807
ERRORS = dict.fromkeys((400, 401, 403, 404, 405, 409, 415, 429), ErrorSerializer)


class AssignmentForbidden(ApplicationError):
    code = "ASSIGNMENT_FORBIDDEN"
    status_code = status.HTTP_403_FORBIDDEN


# --- input fields ------------------------------------------------------------------------------


def _normalized_phone(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return pii.normalize_phone(value)
    except pii.PhoneFormatError as exc:
        raise serializers.ValidationError(exc.message, code=exc.code)


def _normalized_email(value: str) -> str:
    if not value.strip():
        return ""
    try:
        validate_email(value.strip())
        return pii.normalize_email(value)
    except (DjangoValidationError, pii.EmailFormatError):
        raise serializers.ValidationError("Email address is not valid.", code="EMAIL_FORMAT_ERROR")


def _optional_int(max_value: int) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=0, max_value=max_value, required=False, allow_null=True
    )


class LeadInputSerializer(serializers.Serializer):
    """What a client may write. Score and temperature come from qualification, never from here."""

    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.API)
    intent = serializers.ChoiceField(choices=Intent.choices, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    budget_min = _optional_int(MAX_INT)
    budget_max = _optional_int(MAX_INT)
    timeline_months = _optional_int(600)
    pre_approved = serializers.BooleanField(required=False, allow_null=True)
    bedrooms_min = _optional_int(50)
    bathrooms_min = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=0, required=False, allow_null=True
    )
    areas = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=50, required=False
    )
    property_type = serializers.CharField(max_length=50, required=False, allow_blank=True)
    motivation = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    current_home_to_sell = serializers.BooleanField(required=False, allow_null=True)
    assigned_agent = serializers.IntegerField(
        min_value=1, max_value=MAX_BIGINT, required=False, allow_null=True
    )
    sms_consent_at = serializers.DateTimeField(required=False, allow_null=True)
    ghl_contact_id = serializers.CharField(
        max_length=64, required=False, allow_blank=True, allow_null=True
    )

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {unknown[0]: [ErrorDetail("Unknown or read-only field.", "UNKNOWN_FIELD")]}
                )
        return super().to_internal_value(data)

    def validate_phone(self, value: str) -> str:
        return _normalized_phone(value)

    def validate_email(self, value: str) -> str:
        return _normalized_email(value)

    def validate_ghl_contact_id(self, value: str | None) -> str | None:
        return value or None  # blank is "none", so it never collides on the unique column

    def validate_assigned_agent(self, value: int | None) -> User | None:
        if value is None:
            return None
        user = User.objects.filter(pk=value, is_active=True).first()
        if user is None or not (user.is_agent or user.is_broker):
            raise serializers.ValidationError("No active agent with this id.", code="UNKNOWN_AGENT")
        return user

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        lead: Lead | None = self.context.get("lead")
        phone = attrs.get("phone", lead.phone if lead else "")
        email = attrs.get("email", lead.email if lead else "")
        if not phone and not email:
            raise serializers.ValidationError(
                {"phone": [ErrorDetail("A phone or an email is required.", "CONTACT_REQUIRED")]}
            )
        return attrs


# --- output ------------------------------------------------------------------------------------


class LeadOutputSerializer(serializers.ModelSerializer):
    """A lead as the viewer (who may see it) gets it: contact details decrypted."""

    assigned_agent_name = serializers.StringRelatedField(source="assigned_agent", read_only=True)

    class Meta:
        model = Lead
        fields = [
            "id",
            "ghl_contact_id",
            "first_name",
            "last_name",
            "phone",
            "email",
            "source",
            "intent",
            "stage",
            "score",
            "temperature",
            "score_reasons",
            "budget_min",
            "budget_max",
            "timeline_months",
            "pre_approved",
            "bedrooms_min",
            "bathrooms_min",
            "areas",
            "property_type",
            "motivation",
            "current_home_to_sell",
            "assigned_agent",
            "assigned_agent_name",
            "sms_consent_at",
            "sms_opted_out_at",
            "email_unsubscribed_at",
            "last_contacted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class LeadCreatedSerializer(LeadOutputSerializer):
    """A new lead and how it was routed (`routing` is null when it came with an agent)."""

    routing = RoutingSerializer(read_only=True, allow_null=True)

    class Meta(LeadOutputSerializer.Meta):
        fields = [*LeadOutputSerializer.Meta.fields, "routing"]
        read_only_fields = fields


class LeadPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = LeadOutputSerializer(many=True)


class LeadFilterSerializer(ParamsSerializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    temperature = serializers.ChoiceField(choices=Temperature.choices, required=False)
    intent = serializers.ChoiceField(choices=Intent.choices, required=False)
    assigned_agent = serializers.IntegerField(min_value=1, max_value=MAX_BIGINT, required=False)
    created_after = serializers.DateTimeField(required=False, help_text="ISO 8601, inclusive")
    created_before = serializers.DateTimeField(required=False, help_text="ISO 8601, exclusive")
    phone = serializers.CharField(
        max_length=32, required=False, help_text="Exact, any common format"
    )
    email = serializers.CharField(
        max_length=254, required=False, help_text="Exact, case-insensitive"
    )

    def validate_phone(self, value: str) -> str:
        return _normalized_phone(value)

    def validate_email(self, value: str) -> str:
        return _normalized_email(value)


class LeadCursorPagination(CursorPagination):
    ordering = ("-created_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


# --- views -------------------------------------------------------------------------------------


class IsBrokerOrAgent(permissions.BasePermission):
    message = "Only brokers and agents may use the leads API."

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user.is_broker or request.user.is_agent)


def _check_assignment(viewer: User, data: dict[str, Any]) -> dict[str, Any]:
    """Agents keep leads to themselves: they may not hand one to anybody else."""
    if viewer.is_broker or data.get("assigned_agent", viewer) == viewer:
        return data
    raise AssignmentForbidden("Agents cannot assign leads to other agents.", field="assigned_agent")


def _with_assignee(viewer: User, data: dict[str, Any]) -> dict[str, Any]:
    """A new lead from an agent is theirs; a broker's is routed by the rules unless they say."""
    data = {"assigned_agent": None if viewer.is_broker else viewer, **data}
    return _check_assignment(viewer, data)


def _visible_lead(viewer: User, lead_id: Any) -> Lead:
    return get_object_or_404(lead_visible_to(viewer=viewer), pk=lead_id)


def _iso(value: Any) -> str | None:
    """DRF's datetime rendering (ISO 8601 in the current time zone, UTC as Z)."""
    if value is None:
        return None
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _output(lead: Lead) -> dict[str, Any]:
    """A lead as LeadOutputSerializer documents it, built directly: this runs on every row of
    every list page, and DRF's ModelSerializer rebuilds ~30 fields per request."""
    agent = lead.assigned_agent
    return {
        "id": str(lead.id),
        "ghl_contact_id": lead.ghl_contact_id,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "phone": lead.phone,
        "email": lead.email,
        "source": lead.source,
        "intent": lead.intent,
        "stage": lead.stage,
        "score": lead.score,
        "temperature": lead.temperature,
        "score_reasons": lead.score_reasons,
        "budget_min": lead.budget_min,
        "budget_max": lead.budget_max,
        "timeline_months": lead.timeline_months,
        "pre_approved": lead.pre_approved,
        "bedrooms_min": lead.bedrooms_min,
        "bathrooms_min": None if lead.bathrooms_min is None else str(lead.bathrooms_min),
        "areas": lead.areas,
        "property_type": lead.property_type,
        "motivation": lead.motivation,
        "current_home_to_sell": lead.current_home_to_sell,
        "assigned_agent": lead.assigned_agent_id,
        "assigned_agent_name": None if agent is None else str(agent),
        "sms_consent_at": _iso(lead.sms_consent_at),
        "sms_opted_out_at": _iso(lead.sms_opted_out_at),
        "email_unsubscribed_at": _iso(lead.email_unsubscribed_at),
        "last_contacted_at": _iso(lead.last_contacted_at),
        "created_at": _iso(lead.created_at),
        "updated_at": _iso(lead.updated_at),
    }


class LeadListCreateApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsBrokerOrAgent]
    parser_classes = [JSONParser]  # an integration API: JSON bodies only, forms get 415

    @extend_schema(
        operation_id="leads_list",
        parameters=[
            LeadFilterSerializer,
            OpenApiParameter("cursor", str, description="Opaque cursor from `next`/`previous`"),
            OpenApiParameter("page_size", int, description="1-200, default 50"),
        ],
        responses={200: LeadPageSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        filters = LeadFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        qs = lead_filter(lead_visible_to(viewer=request.user), filters=filters.validated_data)
        paginator = LeadCursorPagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        access_record(user=request.user, action="list", surface="api", count=len(page))
        return paginator.get_paginated_response([_output(lead) for lead in page])

    @extend_schema(
        operation_id="leads_create",
        request=LeadInputSerializer,
        responses={201: LeadCreatedSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        serializer = LeadInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = _with_assignee(request.user, serializer.validated_data)
        lead, routing = lead_create_routed(actor=request.user, **data)
        body = {**_output(lead), "routing": routing.as_dict() if routing else None}
        return Response(body, status=status.HTTP_201_CREATED)


class LeadDetailApi(APIView):
    permission_classes = [permissions.IsAuthenticated, IsBrokerOrAgent]
    parser_classes = [JSONParser]

    @extend_schema(operation_id="leads_retrieve", responses={200: LeadOutputSerializer, **ERRORS})
    def get(self, request: Request, lead_id: Any) -> Response:
        lead = _visible_lead(request.user, lead_id)
        access_record(user=request.user, action="view", surface="api", object_id=lead.pk)
        return Response(_output(lead))

    @extend_schema(
        operation_id="leads_partial_update",
        request=LeadInputSerializer(partial=True),
        responses={200: LeadOutputSerializer, **ERRORS},
    )
    def patch(self, request: Request, lead_id: Any) -> Response:
        lead = _visible_lead(request.user, lead_id)
        serializer = LeadInputSerializer(data=request.data, partial=True, context={"lead": lead})
        serializer.is_valid(raise_exception=True)
        data = _check_assignment(request.user, dict(serializer.validated_data))
        lead = lead_update(lead=lead, data=data, actor=request.user)
        access_record(user=request.user, action="update", surface="api", object_id=lead.pk)
        return Response(_output(lead))
