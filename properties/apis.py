"""DRF interface for listings: search, one listing, similar listings, CMA."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from enterprisehub.api import ParamsSerializer
from properties import selectors, services
from properties.enums import PropertyType, StandardStatus, status_from_reso
from properties.models import Property


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


# ListingSummary fields that JSON cannot carry as they are, with their conversion
_TO_JSON = {
    "list_price": float,
    "close_price": float,
    "price_per_sqft": float,
    "listing_contract_date": date.isoformat,
}


def listing_summary(row: selectors.ListingSummary) -> dict[str, Any]:
    """The fields a result list shows (everything in ListingSummary but the database id)."""
    data = row._asdict()
    del data["id"]
    for name, convert in _TO_JSON.items():
        if data[name] is not None:
            data[name] = convert(data[name])
    return data


def listing_detail(listing: Property) -> dict[str, Any]:
    """Everything about one listing."""
    return {
        **listing_summary(
            selectors.ListingSummary(*(getattr(listing, f) for f in selectors.LIST_FIELDS))
        ),
        "close_date": _plain(listing.close_date),
        "lot_size_acres": _plain(listing.lot_size_acres),
        "property_sub_type": listing.property_sub_type,
        "public_remarks": listing.public_remarks,
        "modification_timestamp": _plain(listing.modification_timestamp),
    }


class StatusListField(serializers.CharField):
    """`status=Active,Pending` (RESO or stored spelling)."""

    def to_internal_value(self, data):
        values = []
        for part in str(data).split(","):
            status = status_from_reso(part.strip())
            if status is None:
                raise serializers.ValidationError(f"unknown status '{part.strip()[:40]}'")
            values.append(status)
        return tuple(values)


class ListingSearchApi(APIView):
    """GET /api/v1/properties/ — filter, sort and page through listings."""

    class InputSerializer(ParamsSerializer):
        city = serializers.CharField(required=False, max_length=80)
        postal_code = serializers.CharField(required=False, max_length=10)
        min_price = serializers.DecimalField(
            required=False, max_digits=12, decimal_places=2, min_value=0
        )
        max_price = serializers.DecimalField(
            required=False, max_digits=12, decimal_places=2, min_value=0
        )
        beds_min = serializers.IntegerField(required=False, min_value=0, max_value=50)
        baths_min = serializers.IntegerField(required=False, min_value=0, max_value=50)
        property_type = serializers.ChoiceField(required=False, choices=PropertyType.choices)
        status = StatusListField(required=False, default=(StandardStatus.ACTIVE.value,))
        living_area_min = serializers.IntegerField(required=False, min_value=0)
        living_area_max = serializers.IntegerField(required=False, min_value=0)
        q = serializers.CharField(required=False, max_length=100)
        sort = serializers.ChoiceField(
            required=False, choices=list(selectors.SORTS), default="newest"
        )
        cursor = serializers.CharField(required=False, max_length=200)
        limit = serializers.IntegerField(required=False, min_value=1, max_value=100, default=20)

        def validate(self, attrs):
            low, high = attrs.get("min_price"), attrs.get("max_price")
            if low is not None and high is not None and low > high:
                raise serializers.ValidationError({"max_price": "must not be below min_price"})
            return attrs

    @extend_schema(
        operation_id="properties_search",
        parameters=[InputSerializer],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        cursor, limit = data.pop("cursor", None), data.pop("limit")
        query = selectors.ListingQuery(
            statuses=data.pop("status"), text=data.pop("q", None), **data
        )
        try:
            rows, next_cursor = selectors.listing_search(query=query, cursor=cursor, limit=limit)
        except selectors.InvalidCursorError as exc:
            raise serializers.ValidationError({"cursor": str(exc)})
        next_url = None
        if next_cursor:
            args = request.query_params.copy()
            args["cursor"] = next_cursor
            next_url = request.build_absolute_uri(f"{request.path}?{args.urlencode()}")
        return Response({"results": [listing_summary(r) for r in rows], "next": next_url})


class ListingDetailApi(APIView):
    """GET /api/v1/properties/<listing_key>/"""

    @extend_schema(operation_id="properties_detail", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, listing_key: str) -> Response:
        return Response(listing_detail(selectors.listing_get(listing_key=listing_key)))


class ListingSimilarApi(APIView):
    """GET /api/v1/properties/<listing_key>/similar/?k=10"""

    class InputSerializer(ParamsSerializer):
        k = serializers.IntegerField(required=False, min_value=1, max_value=50, default=10)

    @extend_schema(
        operation_id="properties_similar",
        parameters=[InputSerializer],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request, listing_key: str) -> Response:
        params = self.InputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        listing = selectors.listing_get(listing_key=listing_key)
        similar = selectors.listing_similar(listing=listing, k=params.validated_data["k"])
        return Response({"results": [listing_summary(p) for p in similar]})


class CmaSubjectSerializer(serializers.Serializer):
    """A listing key, or an address with facts (living area and a location are required)."""

    listing_key = serializers.CharField(required=False, max_length=64)
    address = serializers.CharField(required=False, max_length=255)
    property_type = serializers.ChoiceField(
        required=False, choices=PropertyType.choices, default=PropertyType.RESIDENTIAL.value
    )
    bedrooms = serializers.IntegerField(required=False, min_value=0, max_value=50)
    bathrooms = serializers.IntegerField(required=False, min_value=0, max_value=50)
    living_area = serializers.IntegerField(required=False, min_value=100, max_value=100_000)
    year_built = serializers.IntegerField(required=False, min_value=1800, max_value=2100)
    latitude = serializers.FloatField(required=False, min_value=25.8, max_value=36.6)
    longitude = serializers.FloatField(required=False, min_value=-106.7, max_value=-93.5)
    postal_code = serializers.RegexField(r"^\d{5}$", required=False)

    def validate(self, attrs):
        if attrs.get("listing_key"):
            return attrs
        if not attrs.get("address"):
            raise serializers.ValidationError({"address": "give a listing_key or an address"})
        if not attrs.get("living_area"):
            raise serializers.ValidationError({"living_area": "needed to find comparables"})
        if ("latitude" in attrs) != ("longitude" in attrs):
            raise serializers.ValidationError({"longitude": "give latitude and longitude"})
        if "latitude" not in attrs and not attrs.get("postal_code"):
            raise serializers.ValidationError({"postal_code": "give a postal code or lat/lon"})
        return attrs


def cma_subject_from(data: dict[str, Any]) -> services.CmaSubject:
    """A CMA subject from validated CmaSubjectSerializer data."""
    if data.get("listing_key"):
        listing = selectors.listing_get(listing_key=data["listing_key"])
        return services.CmaSubject.from_listing(listing)
    return services.CmaSubject(**{k: v for k, v in data.items() if k != "listing_key"})


class CmaApi(APIView):
    """POST /api/v1/properties/cma/ — a comparative market analysis (not an appraisal)."""

    @extend_schema(
        operation_id="properties_cma",
        request=CmaSubjectSerializer,
        responses=OpenApiTypes.OBJECT,
    )
    def post(self, request: Request) -> Response:
        params = CmaSubjectSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        result = services.comparative_market_analysis(cma_subject_from(params.validated_data))
        return Response(services.cma_as_dict(result))
