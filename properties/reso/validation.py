"""Check one RESO Property record and turn it into a row for the listings table.

Every problem with a record is reported (not just the first), so a broker can fix it in one go.
Unknown extra fields are ignored. Values are parsed leniently: RESO "Number" fields arrive as
JSON numbers or (in CSV) strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from properties.enums import status_from_reso, type_from_reso
from properties.features import feature_vector

# Column order of a validated row; also the COPY column list.
COLUMNS = (
    "listing_key",
    "listing_id",
    "standard_status",
    "list_price",
    "close_price",
    "close_date",
    "bedrooms_total",
    "bathrooms_total_integer",
    "living_area",
    "lot_size_acres",
    "year_built",
    "property_type",
    "property_sub_type",
    "unparsed_address",
    "city",
    "postal_code",
    "latitude",
    "longitude",
    "listing_contract_date",
    "days_on_market",
    "public_remarks",
    "modification_timestamp",
    "features",
)
MAX_PRICE = Decimal("100000000")
CENTS = Decimal("0.01")
ACRE_PLACES = Decimal("0.0001")
# Texas bounding box (with a little margin): a point outside it is a data-entry error.
TEXAS_LAT = (25.8, 36.6)
TEXAS_LON = (-106.7, -93.5)


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "code": self.code, "message": self.message}


_STR = str
_NUMBER_TYPES = (int, float)


def _blank_to_none(value: Any) -> Any:
    if value.__class__ is _STR:
        value = value.strip()
        return value or None
    return value


class _Checker:
    """Collects problems while parsing one record (hot path: ~100k records per import)."""

    __slots__ = ("get", "problems")

    def __init__(self, raw: dict[str, Any]) -> None:
        self.get = raw.get
        self.problems: list[Problem] = []

    def fail(self, field: str, code: str, message: str) -> None:
        self.problems.append(Problem(field, code, message))

    def value(self, field: str) -> Any:
        value = self.get(field)
        return None if value is None else _blank_to_none(value)

    def text(self, field: str, limit: int | None = None) -> str:
        value = self.get(field)
        if value is None:
            return ""
        value = value.strip() if value.__class__ is _STR else _STR(value)
        if limit is not None and len(value) > limit:
            self.fail(field, "too_long", f"{field} is longer than {limit} characters")
        return value

    def decimal(
        self, field: str, low: Decimal, high: Decimal, *, places: Decimal = CENTS
    ) -> Decimal | None:
        """A number with low < value < high, rounded to `places`."""
        value = self.value(field)
        if value is None:
            return None
        try:
            number = Decimal(value if value.__class__ in (int, _STR) else repr(value))
        except (InvalidOperation, TypeError, ValueError):
            self.fail(field, "not_a_number", f"{field} is not a number")
            return None
        if not number.is_finite() or not low < number < high:
            self.fail(field, "out_of_range", f"{field} must be above {low} and below {high:,}")
            return None
        return number.quantize(places, rounding=ROUND_HALF_UP)

    def integer(self, field: str, low: int, high: int) -> int | None:
        value = self.get(field)
        if value is None:
            return None
        if value.__class__ is not int:
            value = _blank_to_none(value)
            if value is None:
                return None
            try:
                number = float(value)
            except (TypeError, ValueError):
                self.fail(field, "not_a_number", f"{field} is not a number")
                return None
            if number != number or not number.is_integer():
                self.fail(field, "not_an_integer", f"{field} must be a whole number")
                return None
            value = int(number)
        if not low <= value <= high:
            self.fail(field, "out_of_range", f"{field} must be between {low} and {high}")
            return None
        return value

    def coordinate(self, field: str, bounds: tuple[float, float]) -> float | None:
        value = self.get(field)
        if value is None:
            return None
        if value.__class__ is not float:
            value = _blank_to_none(value)
            if value is None:
                return None
            try:
                value = float(value)
            except (TypeError, ValueError):
                self.fail(field, "not_a_number", f"{field} is not a number")
                return None
        if not bounds[0] <= value <= bounds[1]:
            self.fail(field, "outside_texas", f"{field} {value} is outside Texas")
            return None
        return value

    def day(self, field: str) -> date | None:
        value = self.value(field)
        if value is None:
            return None
        try:
            return date.fromisoformat(_STR(value)[:10])
        except ValueError:
            self.fail(field, "bad_date", f"{field} is not a date (YYYY-MM-DD)")
            return None

    def timestamp(self, field: str) -> datetime | None:
        value = self.value(field)
        if value is None:
            self.fail(field, "required", f"{field} is required")
            return None
        try:
            moment = datetime.fromisoformat(_STR(value))
        except ValueError:
            self.fail(field, "bad_timestamp", f"{field} is not an ISO 8601 timestamp")
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

    def choice(self, field: str, parse, *, required: bool) -> str | None:
        value = self.value(field)
        if value is None:
            if required:
                self.fail(field, "required", f"{field} is required")
            return None
        parsed = parse(_STR(value))
        if parsed is None:
            self.fail(field, "unknown_value", f"{field} '{_STR(value)[:40]}' is not a known value")
        return parsed


_MAX_YEAR = datetime.now(UTC).year + 2
_ZERO = Decimal(0)
_MIN_LOT = Decimal("-0.00005")
_MAX_LOT = Decimal(100_000)


def record_validate(raw: dict[str, Any]) -> tuple[tuple | None, list[Problem]]:
    """Return (row in COLUMNS order, []) for a good record, or (None, every problem)."""
    if not isinstance(raw, dict):
        return None, [Problem("", "not_an_object", "record is not a JSON object")]
    check = _Checker(raw)
    key = check.text("ListingKey", 64)
    if not key:
        check.fail("ListingKey", "required", "ListingKey is required")
    if check.value("ListPrice") is None:
        check.fail("ListPrice", "required", "ListPrice is required")
    list_price = check.decimal("ListPrice", _ZERO, MAX_PRICE)
    close_price = check.decimal("ClosePrice", _ZERO, MAX_PRICE)
    beds = check.integer("BedroomsTotal", 0, 50)
    baths = check.integer("BathroomsTotalInteger", 0, 50)
    living_area = check.integer("LivingArea", 1, 100_000)
    lot = check.decimal("LotSizeAcres", _MIN_LOT, _MAX_LOT, places=ACRE_PLACES)
    year_built = check.integer("YearBuilt", 1800, _MAX_YEAR)
    latitude = check.coordinate("Latitude", TEXAS_LAT)
    longitude = check.coordinate("Longitude", TEXAS_LON)
    row = (
        key,
        check.text("ListingId", 64),
        check.choice("StandardStatus", status_from_reso, required=True),
        list_price,
        close_price,
        check.day("CloseDate"),
        beds,
        baths,
        living_area,
        lot,
        year_built,
        check.choice("PropertyType", type_from_reso, required=False) or "Residential",
        check.text("PropertySubType", 50),
        check.text("UnparsedAddress", 255),
        check.text("City", 80),
        check.text("PostalCode", 10),
        latitude,
        longitude,
        check.day("ListingContractDate"),
        check.integer("DaysOnMarket", 0, 36_500),
        check.text("PublicRemarks"),
        check.timestamp("ModificationTimestamp"),
        None,
    )
    if check.problems:
        return None, check.problems
    return _with_features(row), []


def _with_features(row: tuple) -> tuple:
    # Positions follow COLUMNS (hot path: no dict per record).
    features = feature_vector(
        price=row[4] or row[3],  # close_price, else list_price
        living_area=row[8],
        bedrooms=row[6],
        bathrooms=row[7],
        year_built=row[10],
        lot_size_acres=row[9],
        latitude=row[16],
        longitude=row[17],
    )
    return (*row[:-1], features)


def row_as_dict(row: tuple) -> dict[str, Any]:
    """A validated row as model field values."""
    return dict(zip(COLUMNS, row, strict=True))
