"""Demo listings: RESO-shaped Austin properties, the same ones for the same seed and count."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

from enterprisehub.demo import areas
from enterprisehub.demo.areas import AREAS, CONDO, LUXURY, MID, Area
from properties.enums import PropertyType, StandardStatus
from properties.models import Property
from properties.services import listings_add, listings_features_fill

KEY_PREFIX = "DEMO-"
HIGH_RISE_ZIP = "78701"
SOURCE = "demo"
STATUS_WEIGHTS = {
    StandardStatus.ACTIVE: 0.66,
    StandardStatus.ACTIVE_UNDER_CONTRACT: 0.04,
    StandardStatus.COMING_SOON: 0.02,
    StandardStatus.PENDING: 0.10,
    StandardStatus.CLOSED: 0.18,
}
AREA_BLURBS = {
    "78701": "Steps to Lady Bird Lake trails, the Second Street District and the Capitol.",
    "78702": "Close to East Austin coffee shops, breweries and the MetroRail line.",
    "78703": "Minutes to Lake Austin Blvd, Mayfield Park and downtown via MoPac.",
    "78746": "Hill Country setting with quick access to MoPac, Loop 360 and Bee Cave Rd.",
    "78613": "Near Brushy Creek Regional Trail, Lakeline Station and the 183A toll road.",
    "78664": "Convenient to Dell Diamond, Old Settlers Park and I-35.",
    "78665": "Close to Teravista golf, the medical district and SH 45.",
    "78681": "Near Brushy Creek Lake Park, La Frontera and US 183.",
    "78660": "Near Lake Pflugerville, its hike-and-bike loop and SH 130.",
}
HOUSE_FEATURES = (
    "quartz countertops",
    "wide-plank oak floors",
    "a chef's kitchen with a gas range",
    "a covered back patio",
    "owned solar panels",
    "vaulted ceilings",
    "a home office with built-ins",
    "energy-efficient windows",
    "a primary suite with a walk-in closet",
    "mature live oaks",
    "a new HVAC system (2023)",
    "a fenced backyard",
    "a game room upstairs",
    "a two-car garage with epoxy floors",
    "a screened porch",
    "a tankless water heater",
    "a remodeled primary bath",
)
LUXURY_FEATURES = (
    "a resort-style pool and spa",
    "an outdoor kitchen",
    "a temperature-controlled wine room",
    "a three-car garage",
    "a media room",
    "Hill Country views",
    "a detached guest casita",
    "designer lighting throughout",
    "a butler's pantry",
    "a sport court",
)
CONDO_FEATURES = (
    "floor-to-ceiling windows",
    "a private balcony",
    "a rooftop pool and fitness center",
    "24-hour concierge",
    "two reserved parking spaces",
    "a Bosch appliance package",
    "skyline views",
    "an in-unit washer and dryer",
    "secure storage",
)
CLOSINGS = (
    "Pre-inspected; the report is available on request.",
    "Seller offers a one-year home warranty.",
    "Showings by appointment.",
    "Buyer to verify measurements and HOA details.",
    "Low tax rate and no HOA.",
    "Seller is open to a rate buy-down with an acceptable offer.",
)


def _weighted(rng: random.Random, weights: dict) -> str:
    keys = [k for k, w in weights.items() if w > 0]
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _allocate(count: int) -> list[Area]:
    """Areas in listing order, in proportion to each area's share (remainder to the last)."""
    plan: list[Area] = []
    for area in AREAS[:-1]:
        plan += [area] * round(count * area.share)
    plan += [AREAS[-1]] * max(count - len(plan), 0)
    return plan[:count]


def _price(rng: random.Random, area: Area, band: str) -> int:
    low, high = areas.BANDS[band]
    high = min(high, area.price_cap)
    if band == LUXURY:  # log-uniform: most luxury homes sit near the bottom of the band
        value = math.exp(rng.uniform(math.log(low), math.log(high)))
        return int(round(value / 25_000) * 25_000)
    if band == MID:
        value = rng.triangular(low, high, low + (high - low) * 0.25)
    else:
        value = rng.uniform(low, high - 1)
    return min(int(round(value / 5_000) * 5_000), high - 1_000)


def _size(rng: random.Random, area: Area, price: int, sub_type: str, band: str) -> tuple:
    ppsf_low, ppsf_high = area.price_per_sqft
    if band == LUXURY:
        ppsf_low = (ppsf_low + ppsf_high) // 2
    sqft = int(price / rng.uniform(ppsf_low, ppsf_high))
    if sub_type == CONDO:
        sqft = max(550, min(sqft, 4_200))
        beds = 1 if sqft < 850 else 2 if sqft < 1_450 else 3
        baths = max(1, beds - rng.choice((0, 0, 1)))
    else:
        sqft = max(950, min(sqft, 9_500))
        beds = 2 if sqft < 1_200 else 3 if sqft < 1_950 else 4 if sqft < 3_000 else 5
        beds += 1 if sqft > 5_000 else 0
        baths = max(2, beds - rng.choice((0, 1, 1)))
    return round(sqft, -1), beds, baths


def _dates(rng: random.Random, status: str, now: datetime) -> dict:
    today = now.date()
    if status == StandardStatus.CLOSED:
        close = today - timedelta(days=rng.randint(3, 360))
        dom = int(rng.expovariate(1 / 28)) + 2
        listed = close - timedelta(days=dom + rng.randint(25, 45))
        stamp = datetime.combine(close, now.timetz()) + timedelta(hours=rng.randint(1, 30))
        return {
            "listing_contract_date": listed,
            "days_on_market": dom,
            "close_date": close,
            "modification_timestamp": min(stamp, now),
        }
    if status == StandardStatus.COMING_SOON:
        listed = today + timedelta(days=rng.randint(2, 14))
        dom = 0
    else:
        dom = int(rng.expovariate(1 / 35)) + 1
        listed = today - timedelta(days=dom)
    stamp = now - timedelta(minutes=rng.randint(5, 60 * 24 * min(max(dom, 1), 20)))
    return {
        "listing_contract_date": listed,
        "days_on_market": dom,
        "close_date": None,
        "modification_timestamp": stamp,
    }


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _remarks(rng: random.Random, spec: dict, band: str, floor: int) -> str:
    sub_type, beds, sqft = spec["property_sub_type"], spec["bedrooms_total"], spec["living_area"]
    if sub_type == CONDO:
        opener = (
            f"{_ordinal(floor)}-floor {beds}-bedroom condo with {sqft:,} sq ft of living space."
        )
        pool = CONDO_FEATURES if spec["postal_code"] == HIGH_RISE_ZIP else HOUSE_FEATURES[:12]
    else:
        kind = "townhome" if sub_type != areas.SFR else "home"
        opener = (
            f"{rng.choice(('Updated', 'Move-in ready', 'Light-filled', 'Well-kept', 'Custom'))} "
            f"{beds}-bedroom {kind} built in {spec['year_built']} with {sqft:,} sq ft."
        )
        pool = HOUSE_FEATURES + (LUXURY_FEATURES if band == LUXURY else ())
    picks = rng.sample(pool, 3)
    features = f"Features {picks[0]}, {picks[1]} and {picks[2]}."
    return " ".join((opener, features, AREA_BLURBS[spec["postal_code"]], rng.choice(CLOSINGS)))


def listing_spec(*, index: int, area: Area, seed: int, now: datetime) -> dict:
    """Field values of demo listing number `index` (1-based) in `area`."""
    rng = random.Random(f"{seed}:listing:{index}")
    zone = rng.choice(area.zips)
    sub_type = _weighted(rng, area.sub_types)
    band = _weighted(rng, area.bands)
    if sub_type == CONDO and band == LUXURY and zone.code != HIGH_RISE_ZIP:
        band = MID  # luxury condos are a downtown high-rise thing
    price = _price(rng, area, band)
    sqft, beds, baths = _size(rng, area, price, sub_type, band)
    status = _weighted(rng, STATUS_WEIGHTS)
    first_year = 2002 if sub_type == CONDO and zone.code == HIGH_RISE_ZIP else area.years[0]
    year = min(int(rng.triangular(first_year, area.years[1], area.years[1])), area.years[1])
    number = rng.randint(100, 12_999)
    address = f"{number} {rng.choice(zone.streets or area.streets)}"
    floor = rng.randint(3, 42) if zone.code == HIGH_RISE_ZIP else rng.randint(1, 4)
    if sub_type == CONDO:
        address += f" Unit {floor}{rng.randint(1, 20):02d}"
    lot = None
    if sub_type != CONDO:
        lot_low, lot_high = area.lot_acres
        lot = Decimal(str(round(rng.uniform(lot_low, lot_high), 3)))
    spec = {
        "listing_key": f"{KEY_PREFIX}{index:05d}",
        "listing_id": str(5_100_000 + index * 7),
        "standard_status": status,
        "list_price": Decimal(price),
        "bedrooms_total": beds,
        "bathrooms_total_integer": baths,
        "living_area": sqft,
        "lot_size_acres": lot,
        "year_built": year,
        "property_type": PropertyType.RESIDENTIAL,
        "property_sub_type": sub_type,
        "unparsed_address": f"{address}, {area.city}, TX {zone.code}",
        "city": area.city,
        "postal_code": zone.code,
        "latitude": round(rng.uniform(*zone.lat), 6),
        "longitude": round(rng.uniform(*zone.lon), 6),
        "source": SOURCE,
        **_dates(rng, status, now),
    }
    if status == StandardStatus.CLOSED:
        close = price * rng.uniform(0.93, 1.02)
        spec["close_price"] = Decimal(int(round(close / 500) * 500))
    spec["public_remarks"] = _remarks(rng, spec, band, floor)
    return spec


def listing_specs(*, count: int, seed: int, now: datetime) -> Iterator[dict]:
    """Specs of demo listings DEMO-00001 .. DEMO-<count>, spread over the five areas."""
    for index, area in enumerate(_allocate(count), start=1):
        yield listing_spec(index=index, area=area, seed=seed, now=now)


def listings_ensure(*, count: int, seed: int, now: datetime, batch_size: int = 500) -> int:
    """Insert the demo listings that are missing (by listing_key); return how many were added."""
    existing = set(
        Property.objects.filter(listing_key__startswith=KEY_PREFIX).values_list(
            "listing_key", flat=True
        )
    )
    rows = [
        Property(**spec)
        for spec in listing_specs(count=count, seed=seed, now=now)
        if spec["listing_key"] not in existing
    ]
    # Demo listings seeded before they carried feature vectors get them now, so "similar
    # listings" works on every demo database.
    listings_features_fill()
    return listings_add(listings=rows, batch_size=batch_size)
