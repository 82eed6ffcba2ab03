"""Reads for listings: search with keyset pagination, one listing, the import high-water mark.

Listings are not personal data: every signed-in user (agent or broker) may read them all.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from properties.exceptions import ListingNotFoundError
from properties.models import MlsImportRun, Property

__all__ = [
    "SORTS",
    "InvalidCursorError",
    "ListingQuery",
    "encode_cursor",
    "listing_get",
    "listing_new_matches",
    "listing_search",
    "listing_similar",
    "mls_high_water_mark",
]

# sort name -> (field, descending, cast for the cursor value)
SORTS: dict[str, tuple[str, bool, type]] = {
    "newest": ("listing_contract_date", True, date.fromisoformat),
    "price": ("list_price", False, Decimal),
    "-price": ("list_price", True, Decimal),
    "price_per_sqft": ("price_per_sqft", False, Decimal),
    "-price_per_sqft": ("price_per_sqft", True, Decimal),
}
LIST_FIELDS = (
    "id",
    "listing_key",
    "listing_id",
    "standard_status",
    "list_price",
    "close_price",
    "bedrooms_total",
    "bathrooms_total_integer",
    "living_area",
    "year_built",
    "property_type",
    "unparsed_address",
    "city",
    "postal_code",
    "latitude",
    "longitude",
    "listing_contract_date",
    "days_on_market",
    "price_per_sqft",
)


class InvalidCursorError(ValueError):
    """A pagination cursor that was not produced by listing_search."""


@dataclass(frozen=True)
class ListingQuery:
    """What a buyer looks for; every filter is optional except the status (default Active)."""

    city: str | None = None
    postal_code: str | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    beds_min: int | None = None
    baths_min: int | None = None
    property_type: str | None = None
    statuses: tuple[str, ...] = ("Active",)
    living_area_min: int | None = None
    living_area_max: int | None = None
    text: str | None = None
    sort: str = "newest"


def _filtered(query: ListingQuery) -> QuerySet[Property]:
    qs = Property.objects.filter(standard_status__in=query.statuses)
    lookups = {
        "city__iexact": query.city,
        "postal_code": query.postal_code,
        "list_price__gte": query.min_price,
        "list_price__lte": query.max_price,
        "bedrooms_total__gte": query.beds_min,
        "bathrooms_total_integer__gte": query.baths_min,
        "property_type": query.property_type,
        "living_area__gte": query.living_area_min,
        "living_area__lte": query.living_area_max,
        "public_remarks__icontains": query.text,
    }
    qs = qs.filter(**{k: v for k, v in lookups.items() if v not in (None, "")})
    name, descending, _ = SORTS[query.sort]
    if name != "listing_contract_date":
        qs = qs.filter(**{f"{name}__isnull": False})
    return qs


def encode_cursor(value: Any, pk: int) -> str:
    raw = json.dumps([None if value is None else str(value), pk]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, cast: type) -> tuple[Any, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, pk = json.loads(raw)
        return (None if value is None else cast(value)), int(pk)
    except (binascii.Error, ValueError, TypeError, ArithmeticError) as exc:
        raise InvalidCursorError("cursor is not valid for this search") from exc


def _after(name: str, descending: bool, value: Any, pk: int) -> Q:
    """Rows strictly after (value, pk) in the sort order; a range on `name` leads so it can use
    the index, and NULLs (newest only) come last."""
    if value is None:
        return Q(**{f"{name}__isnull": True, "id__lt": pk})
    if descending:
        after = Q(**{f"{name}__lte": value}) & (Q(**{f"{name}__lt": value}) | Q(id__lt=pk))
        if name == "listing_contract_date":
            after |= Q(**{f"{name}__isnull": True})
        return after
    return Q(**{f"{name}__gte": value}) & (Q(**{f"{name}__gt": value}) | Q(id__gt=pk))


def _selective(query: ListingQuery) -> bool:
    """Does the query narrow to a small slice (a place or a price band)?"""
    band = query.min_price is not None and query.max_price is not None
    return bool(query.city or query.postal_code or band)


def _ordering(query: ListingQuery, name: str, descending: bool) -> list:
    """ORDER BY for the sort. For a selective query on a sort key other than price, order by
    an expression no index matches: PostgreSQL then reads the (small) filtered slice through
    the city/ZIP/price index and sorts it, instead of walking the whole sort-key index hoping
    to meet enough matches soon (with correlated filters that walk reads every active row)."""
    key = F(name)
    if name != "list_price" and _selective(query):
        fallback = Value(date.min) if name == "listing_contract_date" else Value(Decimal(0))
        key = Coalesce(F(name), fallback)  # same order; NULL dates sort as the oldest
    if not descending:
        return [key.asc(), "id"]
    if name == "listing_contract_date" and isinstance(key, F):
        return [key.desc(nulls_last=True), "-id"]
    # price sorts exclude NULLs, so plain DESC (a backward scan of the ascending index) is right
    return [key.desc(), "-id"]


def listing_search(
    *, query: ListingQuery, cursor: str | None = None, limit: int = 20
) -> tuple[list[Property], str | None]:
    """One page of matching listings in the query's order, and the cursor for the next page.

    One round trip: the page's ids come from a subquery (an index-only scan when the filters
    are the usual city/price/beds/baths/size ones, see migration 0003), then just those rows
    are read and put back in order here."""
    name, descending, cast = SORTS[query.sort]
    qs = _filtered(query)
    if cursor:
        qs = qs.filter(_after(name, descending, *_decode_cursor(cursor, cast)))
    page_ids = qs.order_by(*_ordering(query, name, descending)).values("id")[: limit + 1]
    rows = list(Property.objects.only(*LIST_FIELDS).filter(id__in=page_ids))
    lowest = date.min if name == "listing_contract_date" else Decimal("-Infinity")
    rows.sort(key=lambda r: (_or(getattr(r, name), lowest), r.pk), reverse=descending)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, name), last.pk)
    return rows, next_cursor


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def mls_high_water_mark(*, source: str) -> datetime | None:
    """The newest ModificationTimestamp a successful import of `source` has stored."""
    return (
        MlsImportRun.objects.filter(source=source, status=MlsImportRun.Status.SUCCEEDED)
        .exclude(high_water_mark=None)
        .order_by("-high_water_mark")
        .values_list("high_water_mark", flat=True)
        .first()
    )


def listing_get(*, listing_key: str) -> Property:
    """One listing by its RESO ListingKey, or ListingNotFoundError."""
    listing = Property.objects.filter(listing_key=listing_key).first()
    if listing is None:
        raise ListingNotFoundError("no listing with that key", field="listing_key")
    return listing


def listing_similar(
    *, listing: Property, k: int = 10, statuses: tuple[str, ...] = ("Active",)
) -> list[Property]:
    """The k listings most like `listing`: same type, same metro, nearest features first."""
    from properties.similarity import similarity_index

    ids = similarity_index().nearest(
        listing_id=listing.pk, property_type=listing.property_type, statuses=statuses, k=k
    )
    found = Property.objects.only(*LIST_FIELDS).in_bulk(ids)
    return [found[i] for i in ids if i in found]


def listing_new_matches(*, query: ListingQuery, since: datetime, limit: int = 50) -> list[Property]:
    """Listings first imported at or after `since` that meet a buyer's criteria (for alerts)."""
    qs = _filtered(query).filter(created_at__gte=since).only(*LIST_FIELDS)
    return list(qs.order_by("-created_at", "-id")[:limit])
