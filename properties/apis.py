"""DRF interface for listings: search, one listing, similar listings, CMA."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from properties import selectors
from properties.enums import PropertyType, StandardStatus
from properties.models import Property

SUMMARY_FIELDS = selectors.LIST_FIELDS[1:]  # everything but the database id


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def listing_summary(listing: Property) -> dict[str, Any]:
    """The fields a result list shows."""
    return {name: _plain(getattr(listing, name)) for name in SUMMARY_FIELDS}


def listing_detail(listing: Property) -> dict[str, Any]:
    """Everything about one listing."""
    return {
        **listing_summary(listing),
        "close_date": _plain(listing.close_date),
        "lot_size_acres": _plain(listing.lot_size_acres),
        "property_sub_type": listing.property_sub_type,
        "public_remarks": listing.public_remarks,
        "modification_timestamp": _plain(listing.modification_timestamp),
    }


class StatusListField(serializers.CharField):
    """`status=Active,Pending` (RESO or stored spelling)."""

    def to_internal_value(self, data):
        from properties.enums import status_from_reso

        values = []
        for part in str(data).split(","):
            status = status_from_reso(part.strip())
            if status is None:
                raise serializers.ValidationError(f"unknown status '{part.strip()[:40]}'")
            values.append(status)
        return tuple(values)


class ListingSearchApi(APIView):
    """GET /api/v1/properties/ — filter, sort and page through listings."""

    class InputSerializer(serializers.Serializer):
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

    def get(self, request: Request, listing_key: str) -> Response:
        return Response(listing_detail(selectors.listing_get(listing_key=listing_key)))
