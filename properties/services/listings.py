"""Writes to listings outside the MLS import: admin edits, demo data."""

from __future__ import annotations

from properties.features import feature_vector
from properties.models import Property
from properties.similarity import similarity_invalidate


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


def listings_add(*, listings: list[Property], batch_size: int = 500) -> int:
    """Insert new listings with their feature vectors, as the import would store them."""
    for listing in listings:
        listing_refresh_features(listing=listing)
    Property.objects.bulk_create(listings, batch_size=batch_size)
    if listings:
        similarity_invalidate()  # bulk_create sends no post_save
    return len(listings)


def listings_features_fill(*, batch_size: int = 500) -> int:
    """Compute the feature vector of every listing stored without one; return how many."""
    missing = list(Property.objects.filter(features=[]))
    for listing in missing:
        listing_refresh_features(listing=listing)
    Property.objects.bulk_update(missing, ["features"], batch_size=batch_size)
    if missing:
        similarity_invalidate()
    return len(missing)
