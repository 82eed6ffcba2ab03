import pytest

from properties.selectors import listing_similar
from properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db


def test_similar_listings_rank_by_features_within_type_and_metro():
    subject = PropertyFactory(listing_key="S", list_price=450_000, living_area=1800)
    twin = PropertyFactory(listing_key="TWIN", list_price=455_000, living_area=1820)
    close = PropertyFactory(listing_key="CLOSE", list_price=500_000, living_area=2000)
    PropertyFactory(listing_key="FAR", list_price=1_900_000, living_area=5200, bedrooms_total=6)
    PropertyFactory(listing_key="LAND", property_type="Land", list_price=450_000)
    PropertyFactory(listing_key="SOLD", standard_status="Closed", list_price=450_000)
    PropertyFactory(listing_key="DALLAS", list_price=450_000, latitude=32.78, longitude=-96.8)

    similar = listing_similar(listing=subject, k=2)

    assert [p.listing_key for p in similar] == [twin.listing_key, close.listing_key]


def test_similar_sees_listings_added_after_the_index_was_built():
    subject = PropertyFactory(listing_key="S")
    assert listing_similar(listing=subject, k=5) == []

    PropertyFactory(listing_key="NEW")

    assert [p.listing_key for p in listing_similar(listing=subject, k=5)] == ["NEW"]


def test_listing_without_features_has_no_similar():
    subject = PropertyFactory(listing_key="S", features=[])
    PropertyFactory(listing_key="OTHER")

    assert listing_similar(listing=subject, k=5) == []
