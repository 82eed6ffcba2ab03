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
from typing import Any, NamedTuple

from django.db import connection

from properties.exceptions import ListingNotFoundError
from properties.models import MlsImportRun, Property

__all__ = [
    "SORTS",
    "LIST_FIELDS",
    "InvalidCursorError",
    "ListingQuery",
    "ListingSummary",
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


class ListingSummary(NamedTuple):
    """What a result list shows of a listing; read straight from the rows, no model instances."""

    id: int
    listing_key: str
    listing_id: str
    standard_status: str
    list_price: Decimal | None
    close_price: Decimal | None
    bedrooms_total: int | None
    bathrooms_total_integer: int | None
    living_area: int | None
    year_built: int | None
    property_type: str
    unparsed_address: str
    city: str
    postal_code: str
    latitude: float | None
    longitude: float | None
    listing_contract_date: date | None
    days_on_market: int | None
    price_per_sqft: Decimal | None


LIST_FIELDS = ListingSummary._fields


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


TABLE = Property._meta.db_table
_ROW_SQL = ", ".join(LIST_FIELDS)


def _like_pattern(text: str) -> str:
    """`%text%` for LIKE … ESCAPE '\\', the text's own wildcards taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _conditions(query: ListingQuery) -> tuple[list[str], list[Any]]:
    """The query's filters as SQL conditions (to be ANDed) and their parameters.

    SQL rather than ORM lookups: search is the busiest read in the product, and building and
    compiling a queryset cost several times what PostgreSQL spends running the indexed query.
    The expressions are the ones the indexes are built on (UPPER(city): migration 0003).
    """
    placeholders = ", ".join(["%s"] * len(query.statuses))
    sql, params = [f"standard_status IN ({placeholders})"], list(query.statuses)
    text = _like_pattern(query.text) if query.text else None
    for clause, value in (
        ("UPPER(city) = UPPER(%s)", query.city),
        ("postal_code = %s", query.postal_code),
        ("list_price >= %s", query.min_price),
        ("list_price <= %s", query.max_price),
        ("bedrooms_total >= %s", query.beds_min),
        ("bathrooms_total_integer >= %s", query.baths_min),
        ("property_type = %s", query.property_type),
        ("living_area >= %s", query.living_area_min),
        ("living_area <= %s", query.living_area_max),
        ("UPPER(public_remarks) LIKE UPPER(%s) ESCAPE '\\'", text),
    ):
        if value not in (None, ""):
            sql.append(clause)
            params.append(value)
    name, _, _ = SORTS[query.sort]
    if name != "listing_contract_date":
        sql.append(f"{name} IS NOT NULL")  # price sorts leave out listings without the key
    return sql, params


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


def _after(name: str, descending: bool, value: Any, pk: int) -> tuple[str, list[Any]]:
    """Rows strictly after (value, pk) in the sort order; a range on `name` leads so it can use
    the index, and NULLs (newest only) come last."""
    if value is None:
        return f"({name} IS NULL AND id < %s)", [pk]
    if descending:
        after = f"{name} <= %s AND ({name} < %s OR id < %s)"
        if name == "listing_contract_date":
            after = f"({after}) OR {name} IS NULL"
        return f"({after})", [value, value, pk]
    return f"({name} >= %s AND ({name} > %s OR id > %s))", [value, value, pk]


def _selective(query: ListingQuery) -> bool:
    """Does the query narrow to a small slice (a place or a price band)?"""
    band = query.min_price is not None and query.max_price is not None
    return bool(query.city or query.postal_code or band)


def _ordering(query: ListingQuery, name: str, descending: bool) -> tuple[str, list[Any]]:
    """ORDER BY for the sort. For a selective query on a sort key other than price, order by
    an expression no index matches: PostgreSQL then reads the (small) filtered slice through
    the city/ZIP/price index and sorts it, instead of walking the whole sort-key index hoping
    to meet enough matches soon (with correlated filters that walk reads every active row)."""
    key, params = name, []
    if name != "list_price" and _selective(query):
        key = f"COALESCE({name}, %s)"  # same order; NULL dates sort as the oldest
        params = [date.min if name == "listing_contract_date" else Decimal(0)]
    if not descending:
        return f"{key} ASC, id ASC", params
    if name == "listing_contract_date" and not params:
        return f"{key} DESC NULLS LAST, id DESC", params
    # price sorts exclude NULLs, so plain DESC (a backward scan of the ascending index) is right
    return f"{key} DESC, id DESC", params


def _listings(sql: str, params: list[Any]) -> list[ListingSummary]:
    """ListingSummary rows from `SELECT _ROW_SQL …`."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if connection.vendor != "postgresql":  # SQLite hands back floats for decimals
        fields = [Property._meta.get_field(name) for name in LIST_FIELDS]
        rows = [[f.to_python(v) for f, v in zip(fields, row, strict=True)] for row in rows]
    return [ListingSummary._make(row) for row in rows]


def listing_search(
    *, query: ListingQuery, cursor: str | None = None, limit: int = 20
) -> tuple[list[ListingSummary], str | None]:
    """One page of matching listings in the query's order, and the cursor for the next page.

    One round trip: the page's ids come from a subquery (an index-only scan when the filters
    are the usual city/price/beds/baths/size ones, see migration 0003), then just those rows
    are read and put back in order here."""
    name, descending, cast = SORTS[query.sort]
    where, params = _conditions(query)
    if cursor:
        after, after_params = _after(name, descending, *_decode_cursor(cursor, cast))
        where.append(after)
        params += after_params
    order_by, order_params = _ordering(query, name, descending)
    sql = (
        f"SELECT {_ROW_SQL} FROM {TABLE} WHERE id IN ("  # noqa: S608 (constants and placeholders)
        f"SELECT id FROM {TABLE} WHERE {' AND '.join(where)} ORDER BY {order_by} LIMIT %s)"
    )
    rows = _listings(sql, [*params, *order_params, limit + 1])
    lowest = date.min if name == "listing_contract_date" else Decimal("-Infinity")
    rows.sort(key=lambda r: (_or(getattr(r, name), lowest), r.id), reverse=descending)
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = encode_cursor(getattr(last, name), last.id)
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
) -> list[ListingSummary]:
    """The k listings most like `listing`: same type, same metro, nearest features first."""
    from properties.similarity import similarity_index

    ids = similarity_index().nearest(
        listing_id=listing.pk, property_type=listing.property_type, statuses=statuses, k=k
    )
    if not ids:
        return []
    placeholders = ", ".join(["%s"] * len(ids))
    found = {
        row.id: row
        for row in _listings(f"SELECT {_ROW_SQL} FROM {TABLE} WHERE id IN ({placeholders})", ids)  # noqa: S608
    }
    return [found[i] for i in ids if i in found]


def listing_new_matches(
    *, query: ListingQuery, since: datetime, limit: int = 50
) -> list[ListingSummary]:
    """Listings first imported at or after `since` that meet a buyer's criteria (for alerts)."""
    where, params = _conditions(query)
    sql = (
        f"SELECT {_ROW_SQL} FROM {TABLE} WHERE {' AND '.join(where)} AND created_at >= %s"  # noqa: S608
        " ORDER BY created_at DESC, id DESC LIMIT %s"
    )
    return _listings(sql, [*params, connection.ops.adapt_datetimefield_value(since), limit])
