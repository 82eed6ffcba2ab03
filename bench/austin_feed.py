"""Deterministic synthetic RESO feed of Austin-area listings (shared by the bench scripts)."""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# city: (lat, lon, spread in degrees, zip codes, median $/sf)
AREAS = {
    "Austin": (
        30.2672,
        -97.7431,
        0.12,
        ["78701", "78702", "78703", "78704", "78745", "78748", "78751", "78757", "78759"],
        330,
    ),
    "Round Rock": (30.5083, -97.6789, 0.05, ["78664", "78665", "78681"], 225),
    "Cedar Park": (30.5052, -97.8203, 0.04, ["78613"], 245),
    "Pflugerville": (30.4394, -97.6200, 0.04, ["78660"], 205),
    "Georgetown": (30.6333, -97.6770, 0.06, ["78626", "78628", "78633"], 220),
    "Leander": (30.5788, -97.8531, 0.04, ["78641"], 215),
    "Kyle": (29.9891, -97.8772, 0.04, ["78640"], 190),
    "Buda": (30.0852, -97.8403, 0.03, ["78610"], 200),
    "Lakeway": (30.3638, -97.9797, 0.03, ["78734", "78738"], 360),
    "Manor": (30.3408, -97.5569, 0.03, ["78653"], 185),
}
STATUSES = [
    ("Active", 45),
    ("Closed", 33),
    ("Pending", 7),
    ("ActiveUnderContract", 5),
    ("ComingSoon", 2),
    ("Expired", 3),
    ("Withdrawn", 3),
    ("Canceled", 2),
]
SUB_TYPES = [("SingleFamilyResidence", 78), ("Townhouse", 8), ("Condominium", 12), ("Duplex", 2)]
STREETS = [
    "Oak",
    "Pecan",
    "Live Oak",
    "Barton",
    "Mesquite",
    "Cedar",
    "Bluebonnet",
    "Lamar",
    "Congress",
    "Shoal Creek",
    "Riverside",
    "Cypress",
    "Hill Country",
    "Ranch",
    "Brushy Creek",
    "Wells Branch",
]
SUFFIXES = ["St", "Dr", "Ln", "Blvd", "Cv", "Trl", "Way", "Pass"]
REMARKS = [
    "Updated kitchen with quartz counters and a gas range.",
    "Big backyard shaded by live oaks.",
    "Walk to neighborhood park and greenbelt trails.",
    "Open floor plan, high ceilings, lots of light.",
    "Primary suite downstairs; game room up.",
    "Pool and covered patio for Texas summers.",
    "Minutes to downtown and the Domain.",
    "Energy-efficient windows and a new roof in 2024.",
    "Quiet cul-de-sac in top-rated school district.",
    "Three-car garage and workshop space.",
]
BROKEN = [
    ("ListPrice", -1),
    ("ListPrice", 250_000_000),
    ("Latitude", 40.7128),
    ("BedroomsTotal", 75),
    ("ModificationTimestamp", "last Tuesday"),
    ("StandardStatus", "Sold"),
    ("CloseDate", "13/45/2026"),
    ("ListingKey", None),
]


def _weighted(rng: random.Random, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def listing(rng: random.Random, n: int, *, base: datetime) -> dict:
    city = rng.choices(list(AREAS), weights=[40, 10, 8, 8, 8, 7, 6, 5, 4, 4])[0]
    lat0, lon0, spread, zips, ppsf = AREAS[city]
    sub_type = _weighted(rng, SUB_TYPES)
    beds = max(
        1, min(7, int(rng.gauss(3.3, 0.9)) if sub_type != "Condominium" else rng.randint(1, 3))
    )
    sqft = int(max(450, rng.gauss(600 + beds * 520, 350)))
    price = round(sqft * ppsf * rng.uniform(0.75, 1.3), -3)
    status = _weighted(rng, STATUSES)
    listed = date(2026, 11, 1) - timedelta(days=rng.randint(0, 420))
    record = {
        "ListingKey": f"ACT{n:08d}",
        "ListingId": f"{5_000_000 + n}",
        "StandardStatus": status,
        "ListPrice": price,
        "BedroomsTotal": beds,
        "BathroomsTotalInteger": max(1, beds - rng.randint(0, 1)),
        "LivingArea": sqft,
        "LotSizeAcres": round(rng.uniform(0.05, 0.45) if sub_type != "Condominium" else 0, 4),
        "YearBuilt": rng.randint(1950, 2025),
        "PropertyType": "Residential",
        "PropertySubType": sub_type,
        "UnparsedAddress": f"{rng.randint(100, 19999)} {rng.choice(STREETS)} {rng.choice(SUFFIXES)}, {city}, TX",
        "City": city,
        "StateOrProvince": "TX",
        "PostalCode": rng.choice(zips),
        "Latitude": round(lat0 + rng.uniform(-spread, spread), 6),
        "Longitude": round(lon0 + rng.uniform(-spread, spread), 6),
        "ListingContractDate": listed.isoformat(),
        "DaysOnMarket": rng.randint(0, 150),
        "PublicRemarks": " ".join(rng.sample(REMARKS, 3)),
        "ModificationTimestamp": (base + timedelta(seconds=n * 7)).strftime("%Y-%m-%dT%H:%M:%S.%f")[
            :-3
        ]
        + "Z",
        "ListAgentKey": f"AG{rng.randint(1, 4000):05d}",
        "OriginatingSystemName": "actris",
    }
    if status == "Closed":
        record["ClosePrice"] = round(price * rng.uniform(0.93, 1.03), -2)
        record["CloseDate"] = (listed + timedelta(days=rng.randint(10, 90))).isoformat()
    return record


def write_feed(path: Path, *, count: int, malformed: float = 0.01, seed: int = 42) -> int:
    """Write a RESO JSON feed of `count` listings; return how many are malformed."""
    rng = random.Random(seed)
    base = datetime(2026, 10, 1, tzinfo=UTC)
    broken = 0
    with path.open("w") as out:
        out.write('{"@odata.context": "https://api.example/odata/$metadata#Property", "value": [\n')
        for n in range(count):
            record = listing(rng, n, base=base)
            if rng.random() < malformed:
                field, value = rng.choice(BROKEN)
                record[field] = value
                broken += 1
            out.write(("," if n else "") + json.dumps(record) + "\n")
        out.write("]}\n")
    return broken
