"""Comparative market analysis: pick closed comparable sales, adjust them to the subject, and
reconcile a suggested price with a range and an honest confidence.

Selection follows appraisal practice (REFERENCE.md §4): Closed sales of the same property type in
the last 6 months within 1 mile, widened to 12 months and then 3 miles while fewer than 3 are
found; living area within ±20 %, bedrooms within ±1. Each comp is adjusted toward the subject
(comp + adjustments = what the comp would have sold for if it were the subject), and comps are
weighted by similarity: less total adjustment, shorter distance, more recent sale.
This is a CMA (broker price opinion), never an appraisal.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

from enterprisehub.errors import ApplicationError
from properties.enums import StandardStatus
from properties.exceptions import InsufficientComparablesError
from properties.features import MILES_PER_DEGREE_LAT
from properties.models import Property

# (months back, miles): the first step that finds at least MIN_COMPS wins.
SEARCH_STEPS = ((6, 1.0), (12, 1.0), (12, 3.0))
DAYS_PER_MONTH = Decimal("30.5")
MIN_COMPS = 3
MAX_COMPS = 10
SIZE_TOLERANCE = Decimal("0.20")
BED_TOLERANCE = 1
# Market constants for Austin; GLA is marginal value, so a fraction of the median $/sf.
GLA_FRACTION = Decimal("0.50")
PER_BEDROOM = Decimal("10000")
PER_BATHROOM = Decimal("7500")
PER_YEAR_NEWER = Decimal("1000")
EARTH_RADIUS_MILES = 3958.8
DOLLAR = Decimal("1")
HUNDRED = Decimal("100")
DISCLAIMER = (
    "This comparative market analysis (CMA) is a broker price opinion prepared by a Texas real "
    "estate license holder from MLS closed-sale data. It is not an appraisal and must not be "
    "used in lieu of an appraisal; it was not prepared by a certified or licensed appraiser."
)


@dataclass(frozen=True)
class CmaSubject:
    """The property being priced: a listing's facts or an address with facts."""

    address: str
    living_area: int | None
    property_type: str = "Residential"
    bedrooms: int | None = None
    bathrooms: int | None = None
    year_built: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    postal_code: str = ""
    listing_key: str | None = None

    @classmethod
    def from_listing(cls, listing: Property) -> CmaSubject:
        return cls(
            address=listing.unparsed_address or listing.listing_key,
            living_area=listing.living_area,
            property_type=listing.property_type,
            bedrooms=listing.bedrooms_total,
            bathrooms=listing.bathrooms_total_integer,
            year_built=listing.year_built,
            latitude=listing.latitude,
            longitude=listing.longitude,
            postal_code=listing.postal_code,
            listing_key=listing.listing_key,
        )

    @property
    def located(self) -> bool:
        return self.latitude is not None and self.longitude is not None


@dataclass
class Adjustment:
    factor: str
    amount: Decimal
    detail: str


@dataclass
class Comparable:
    listing: Property
    distance_miles: float | None
    days_since_sale: int
    adjustments: list[Adjustment] = field(default_factory=list)
    adjusted_price: Decimal = Decimal(0)
    weight: float = 0.0

    @property
    def gross_adjustment(self) -> Decimal:
        return sum((abs(a.amount) for a in self.adjustments), Decimal(0))


@dataclass
class CmaResult:
    subject: CmaSubject
    as_of: date
    months: int
    miles: float | None
    suggested_price: Decimal
    low: Decimal
    high: Decimal
    price_per_sqft: Decimal
    median_comp_price_per_sqft: Decimal
    spread: float
    confidence_score: float
    confidence: str
    days_on_market_median: float | None
    comps: list[Comparable]
    disclaimer: str = DISCLAIMER


class CmaSubjectError(ApplicationError):
    code = "CMA_SUBJECT_INCOMPLETE"


def _miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(math.sqrt(a))


def _candidates(subject: CmaSubject, *, as_of: date, months: int, miles: float):
    sqft = Decimal(subject.living_area or 0)
    qs = Property.objects.filter(
        property_type=subject.property_type,
        standard_status=StandardStatus.CLOSED,
        close_price__gt=0,
        close_date__gte=as_of - timedelta(days=int(months * DAYS_PER_MONTH)),
        close_date__lte=as_of,
        living_area__gte=math.ceil(sqft * (1 - SIZE_TOLERANCE)),
        living_area__lte=math.floor(sqft * (1 + SIZE_TOLERANCE)),
    )
    if subject.bedrooms is not None:
        qs = qs.filter(
            bedrooms_total__gte=subject.bedrooms - BED_TOLERANCE,
            bedrooms_total__lte=subject.bedrooms + BED_TOLERANCE,
        )
    if subject.listing_key:
        qs = qs.exclude(listing_key=subject.listing_key)
    if subject.located:
        dlat = miles / MILES_PER_DEGREE_LAT
        dlon = miles / (MILES_PER_DEGREE_LAT * math.cos(math.radians(subject.latitude)))
        qs = qs.filter(
            latitude__range=(subject.latitude - dlat, subject.latitude + dlat),
            longitude__range=(subject.longitude - dlon, subject.longitude + dlon),
        )
    else:
        qs = qs.filter(postal_code=subject.postal_code)
    comps = []
    for listing in qs.order_by("-close_date", "id")[:500]:
        distance = None
        if subject.located and listing.latitude is not None and listing.longitude is not None:
            distance = _miles_between(
                subject.latitude, subject.longitude, listing.latitude, listing.longitude
            )
            if distance > miles:
                continue
        comps.append(Comparable(listing, distance, (as_of - listing.close_date).days))
    return comps


def _select(subject: CmaSubject, *, as_of: date) -> tuple[list[Comparable], int, float]:
    comps: list[Comparable] = []
    months, miles = SEARCH_STEPS[0]
    for months, miles in SEARCH_STEPS:
        comps = _candidates(subject, as_of=as_of, months=months, miles=miles)
        if len(comps) >= MIN_COMPS:
            break
    if not comps:
        raise InsufficientComparablesError(
            f"No closed comparable sales of this type within {miles:g} miles in the last "
            f"{months} months: a price cannot be suggested."
        )
    comps.sort(key=lambda c: (c.distance_miles or 0.0, c.days_since_sale))
    return comps[:MAX_COMPS], months, miles


def _by_count(factor, subject_value, comp_value, rate: Decimal, unit: str) -> Adjustment:
    if subject_value is None or comp_value is None:
        return Adjustment(factor, Decimal(0), "not adjusted: missing on subject or comp")
    amount = (Decimal(subject_value - comp_value) * rate).quantize(DOLLAR, ROUND_HALF_UP)
    detail = f"subject {subject_value} vs comp {comp_value} {unit} × ${rate:,.0f}"
    return Adjustment(factor, amount, detail)


def _adjust(subject: CmaSubject, comp: Comparable, gla_rate: Decimal) -> None:
    listing = comp.listing
    sqft_diff = Decimal(subject.living_area - listing.living_area)
    comp.adjustments = [
        Adjustment(
            "living_area",
            (sqft_diff * gla_rate).quantize(DOLLAR, ROUND_HALF_UP),
            f"subject {subject.living_area:,} sf vs comp {listing.living_area:,} sf "
            f"× ${gla_rate:,.2f}/sf",
        ),
        _by_count("bedrooms", subject.bedrooms, listing.bedrooms_total, PER_BEDROOM, "beds"),
        _by_count(
            "bathrooms",
            subject.bathrooms,
            listing.bathrooms_total_integer,
            PER_BATHROOM,
            "baths",
        ),
        _by_count("age", subject.year_built, listing.year_built, PER_YEAR_NEWER, "built"),
    ]
    comp.adjusted_price = listing.close_price + sum(a.amount for a in comp.adjustments)
    gross_ratio = float(comp.gross_adjustment / listing.close_price)
    comp.weight = 1.0 / (
        1.0 + 10.0 * gross_ratio + (comp.distance_miles or 0.0) + comp.days_since_sale / 180.0
    )


def _confidence(count: int, spread: float) -> tuple[float, str]:
    score = round(max(0.0, 1.0 - spread), 4)
    if count < MIN_COMPS or score < 0.70:
        return score, "low"
    return score, "high" if score > 0.85 else "medium"


def comparative_market_analysis(
    subject: CmaSubject | Property, *, as_of: date | None = None
) -> CmaResult:
    """Price the subject from adjusted closed comparables, or raise InsufficientComparables."""
    if isinstance(subject, Property):
        subject = CmaSubject.from_listing(subject)
    if not subject.living_area:
        raise CmaSubjectError("the subject's living area is needed", field="living_area")
    if not subject.located and not subject.postal_code:
        raise CmaSubjectError("give latitude/longitude or a postal code", field="postal_code")
    as_of = as_of or timezone.localdate()
    comps, months, miles = _select(subject, as_of=as_of)
    median_ppsf = Decimal(
        statistics.median(c.listing.close_price / c.listing.living_area for c in comps)
    ).quantize(Decimal("0.01"), ROUND_HALF_UP)
    for comp in comps:
        _adjust(subject, comp, (median_ppsf * GLA_FRACTION).quantize(Decimal("0.01")))
    weights = [Decimal(c.weight) for c in comps]
    weighted = sum(c.adjusted_price * w for c, w in zip(comps, weights, strict=True)) / sum(weights)
    suggested = (weighted / HUNDRED).quantize(DOLLAR, ROUND_HALF_UP) * HUNDRED
    prices = [float(c.adjusted_price) for c in comps]
    spread = round(statistics.pstdev(prices) / statistics.fmean(prices), 4)
    score, level = _confidence(len(comps), spread)
    doms = [c.listing.days_on_market for c in comps if c.listing.days_on_market is not None]
    return CmaResult(
        subject=subject,
        as_of=as_of,
        months=months,
        miles=miles if subject.located else None,
        suggested_price=suggested,
        low=min(c.adjusted_price for c in comps),
        high=max(c.adjusted_price for c in comps),
        price_per_sqft=(suggested / subject.living_area).quantize(Decimal("0.01")),
        median_comp_price_per_sqft=median_ppsf,
        spread=spread,
        confidence_score=score,
        confidence=level,
        days_on_market_median=statistics.median(doms) if doms else None,
        comps=comps,
    )


def cma_as_dict(result: CmaResult) -> dict[str, Any]:
    """The CMA as JSON-ready data (money in whole dollars)."""
    return {
        "subject": asdict(result.subject),
        "as_of": result.as_of.isoformat(),
        "search": {"months": result.months, "miles": result.miles},
        "suggested_price": int(result.suggested_price),
        "range": {"low": int(result.low), "high": int(result.high)},
        "price_per_sqft": float(result.price_per_sqft),
        "median_comp_price_per_sqft": float(result.median_comp_price_per_sqft),
        "confidence": {
            "level": result.confidence,
            "score": result.confidence_score,
            "comp_count": len(result.comps),
            "spread": result.spread,
        },
        "days_on_market_median": result.days_on_market_median,
        "comps": [
            {
                "listing_key": c.listing.listing_key,
                "address": c.listing.unparsed_address,
                "close_price": int(c.listing.close_price),
                "close_date": c.listing.close_date.isoformat(),
                "distance_miles": None if c.distance_miles is None else round(c.distance_miles, 2),
                "living_area": c.listing.living_area,
                "bedrooms": c.listing.bedrooms_total,
                "bathrooms": c.listing.bathrooms_total_integer,
                "year_built": c.listing.year_built,
                "days_on_market": c.listing.days_on_market,
                "adjustments": [
                    {"factor": a.factor, "amount": int(a.amount), "detail": a.detail}
                    for a in c.adjustments
                ],
                "adjusted_price": int(c.adjusted_price),
                "weight": round(c.weight, 4),
            }
            for c in result.comps
        ],
        "disclaimer": result.disclaimer,
    }
