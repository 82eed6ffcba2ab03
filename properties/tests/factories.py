"""Factories for listings and RESO-shaped records as an MLS sends them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from properties.features import feature_vector
from properties.models import MlsImportRun, Property, RejectedListing


def reso_record(key: str = "ACT-1", **overrides: Any) -> dict[str, Any]:
    """One RESO Data Dictionary Property record (Web API JSON shape)."""
    record = {
        "ListingKey": key,
        "ListingId": f"MLS{key}",
        "StandardStatus": "Active",
        "ListPrice": 450000,
        "BedroomsTotal": 3,
        "BathroomsTotalInteger": 2,
        "LivingArea": 1800,
        "LotSizeAcres": 0.18,
        "YearBuilt": 2005,
        "PropertyType": "Residential",
        "PropertySubType": "SingleFamilyResidence",
        "UnparsedAddress": "1200 Barton Hills Dr, Austin, TX 78704",
        "City": "Austin",
        "StateOrProvince": "TX",
        "PostalCode": "78704",
        "Latitude": 30.2561,
        "Longitude": -97.7716,
        "ListingContractDate": "2026-10-20",
        "DaysOnMarket": 12,
        "PublicRemarks": "Updated kitchen, big oak trees, walk to Zilker Park.",
        "ModificationTimestamp": "2026-11-01T10:00:00Z",
    }
    record.update(overrides)
    return record


def _features(obj: Any) -> list:
    return feature_vector(
        price=getattr(obj, "close_price", None) or obj.list_price,
        living_area=obj.living_area,
        bedrooms=obj.bedrooms_total,
        bathrooms=obj.bathrooms_total_integer,
        year_built=obj.year_built,
        lot_size_acres=obj.lot_size_acres,
        latitude=obj.latitude,
        longitude=obj.longitude,
    )


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    listing_key = factory.Sequence(lambda n: f"L{n:06d}")
    listing_id = factory.LazyAttribute(lambda o: f"MLS{o.listing_key}")
    standard_status = "Active"
    list_price = Decimal("450000.00")
    bedrooms_total = 3
    bathrooms_total_integer = 2
    living_area = 1800
    lot_size_acres = Decimal("0.1800")
    year_built = 2005
    property_type = "Residential"
    unparsed_address = factory.Sequence(lambda n: f"{100 + n} Elm St, Austin, TX 78704")
    city = "Austin"
    postal_code = "78704"
    latitude = 30.2561
    longitude = -97.7716
    listing_contract_date = date(2026, 10, 20)
    days_on_market = 12
    public_remarks = "Updated kitchen."
    modification_timestamp = datetime(2026, 11, 1, 10, tzinfo=UTC)
    features = factory.LazyAttribute(_features)


class MlsImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MlsImportRun

    source = "mls"


class RejectedListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RejectedListing

    run = factory.SubFactory(MlsImportRunFactory)
    listing_key = "BAD-1"
    raw = factory.LazyFunction(lambda: reso_record("BAD-1", ListPrice=-1))
    errors = factory.LazyFunction(list)


def cma_comps_and_subject(*, subject_address: str = "9 Subject Rd") -> None:
    """Three recent closed sales at $500k, $510k, $520k ("0 Comp Ln" ...) and the listing
    "SUBJ" they are comparables for."""
    today = timezone.localdate()
    for i in range(3):
        PropertyFactory(
            listing_key=f"C{i}",
            unparsed_address=f"{i} Comp Ln",
            standard_status="Closed",
            close_price=Decimal(500_000 + 10_000 * i),
            close_date=today - timedelta(days=30),
        )
    PropertyFactory(listing_key="SUBJ", unparsed_address=subject_address)
