"""The numeric feature vector behind "similar listings", computed once per listing on import.

Each entry is a fixed, deterministic transform of one fact so the vector never depends on the
rest of the data set; the similarity index standardises the columns at query time.
"""

from __future__ import annotations

import math
from decimal import Decimal

FEATURE_NAMES = (
    "log_price",
    "living_area_k",
    "bedrooms",
    "bathrooms",
    "year_built_decades",
    "log_lot_acres",
    "north_miles",
    "east_miles",
)
MILES_PER_DEGREE_LAT = 69.0
# Longitude degrees shrink with latitude; Texas spans ~26-36 N, so one constant at Austin's
# latitude keeps distances within a few percent across a metro.
MILES_PER_DEGREE_LON = 69.0 * math.cos(math.radians(30.27))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def feature_vector(
    *,
    price: Decimal | float | None,
    living_area: int | None,
    bedrooms: int | None,
    bathrooms: int | None,
    year_built: int | None,
    lot_size_acres: Decimal | float | None,
    latitude: float | None,
    longitude: float | None,
) -> list[float | None]:
    """Return the listing's features in FEATURE_NAMES order (None where a fact is missing)."""
    return [
        _rounded(math.log(float(price))) if price else None,
        _rounded(living_area / 1000) if living_area else None,
        float(bedrooms) if bedrooms is not None else None,
        float(bathrooms) if bathrooms is not None else None,
        _rounded((year_built - 1900) / 10) if year_built else None,
        _rounded(math.log1p(float(lot_size_acres))) if lot_size_acres is not None else None,
        _rounded(latitude * MILES_PER_DEGREE_LAT) if latitude is not None else None,
        _rounded(longitude * MILES_PER_DEGREE_LON) if longitude is not None else None,
    ]
