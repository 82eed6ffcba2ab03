"""Writes to single listings outside the import (admin edits)."""

from __future__ import annotations

from properties.features import feature_vector
from properties.models import Property


def listing_refresh_features(*, listing: Property) -> Property:
    """Recompute the similarity feature vector from the listing's facts (not saved here)."""
    listing.features = feature_vector(
        price=listing.close_price or listing.list_price,
        living_area=listing.living_area,
        bedrooms=listing.bedrooms_total,
        bathrooms=listing.bathrooms_total_integer,
        year_built=listing.year_built,
        lot_size_acres=listing.lot_size_acres,
        latitude=listing.latitude,
        longitude=listing.longitude,
    )
    return listing
