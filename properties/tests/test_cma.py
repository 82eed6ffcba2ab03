from datetime import date, timedelta
from decimal import Decimal

import pytest

from properties.exceptions import InsufficientComparablesError
from properties.services.cma import CmaSubject, CmaSubjectError, comparative_market_analysis
from properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 1)
LAT, LON = 30.2672, -97.7431
SUBJECT = CmaSubject(
    address="500 Subject St, Austin, TX 78701",
    living_area=2000,
    bedrooms=3,
    bathrooms=2,
    year_built=2000,
    latitude=LAT,
    longitude=LON,
)


def _sold(key, price, sqft, beds, baths, built, days_ago, dom=None, lat=LAT, lon=LON, **kw):
    return PropertyFactory(
        listing_key=key,
        standard_status="Closed",
        close_price=Decimal(price),
        list_price=Decimal(price),
        close_date=AS_OF - timedelta(days=days_ago),
        living_area=sqft,
        bedrooms_total=beds,
        bathrooms_total_integer=baths,
        year_built=built,
        days_on_market=dom,
        latitude=lat,
        longitude=lon,
        **kw,
    )


@pytest.fixture
def comps():
    _sold("C1", 500_000, 1900, 3, 2, 2000, 30, dom=20)
    _sold("C2", 480_000, 2000, 2, 2, 1990, 60, dom=40)
    _sold("C3", 540_000, 2100, 4, 3, 2010, 90, dom=10)
    # none of these qualify
    PropertyFactory(listing_key="ACTIVE", living_area=2000)
    _sold("BIG", 700_000, 2500, 3, 2, 2000, 10)
    _sold("OLD", 450_000, 2000, 3, 2, 2000, 240)
    _sold("FAR", 450_000, 2000, 3, 2, 2000, 10, lat=LAT + 0.1, postal_code="78759")
    _sold("LAND", 450_000, 2000, 3, 2, 2000, 10, property_type="Land")
    _sold("BEDS", 450_000, 2000, 5, 2, 2000, 10)


def test_cma_adjusts_and_reconciles_hand_computed(comps):
    result = comparative_market_analysis(SUBJECT, as_of=AS_OF)

    # median $/sf of 263.16, 240.00, 257.14 = 257.14; GLA at half of it = $128.57/sf
    assert result.median_comp_price_per_sqft == Decimal("257.14")
    assert [c.listing.listing_key for c in result.comps] == ["C1", "C2", "C3"]
    by_key = {c.listing.listing_key: c for c in result.comps}
    # C1 +100 sf -> +12,857; C2 +1 bed +10,000 and 10 yrs newer +10,000;
    # C3 -100 sf -12,857, -1 bed -10,000, -1 bath -7,500, 10 yrs older -10,000
    assert [a.amount for a in by_key["C1"].adjustments] == [12857, 0, 0, 0]
    assert [a.amount for a in by_key["C2"].adjustments] == [0, 10000, 0, 10000]
    assert [a.amount for a in by_key["C3"].adjustments] == [-12857, -10000, -7500, -10000]
    assert [c.adjusted_price for c in result.comps] == [512857, 500000, 499643]
    # weight = 1 / (1 + 10 * gross/price + miles + days/180)
    assert round(by_key["C1"].weight, 4) == 0.7023  # 1 / (1 + 0.2571 + 0 + 0.1667)
    assert round(by_key["C2"].weight, 4) == 0.5714  # 1 / (1 + 0.4167 + 0 + 0.3333)
    assert round(by_key["C3"].weight, 4) == 0.4450  # 1 / (1 + 0.7474 + 0 + 0.5)
    # (512,857×0.7023 + 500,000×0.5714 + 499,643×0.4450) / 1.7187 = 505,161 -> 505,200
    assert result.suggested_price == Decimal("505200")
    assert (result.low, result.high) == (Decimal("499643"), Decimal("512857"))
    assert result.price_per_sqft == Decimal("252.60")
    assert result.spread == 0.0122  # population std-dev / mean of adjusted prices
    assert (result.confidence, result.confidence_score) == ("high", 0.9878)
    assert result.days_on_market_median == 20
    assert (result.months, result.miles) == (6, 1.0)
    assert "not an appraisal" in result.disclaimer


def test_search_widens_to_12_months_then_3_miles():
    _sold("NEAR-OLD", 500_000, 2000, 3, 2, 2000, 300)  # 10 months ago, here
    _sold("FAR-1", 500_000, 2000, 3, 2, 2000, 20, lat=LAT + 0.03)  # ~2.1 miles north
    _sold("FAR-2", 500_000, 2000, 3, 2, 2000, 20, lat=LAT - 0.035)

    result = comparative_market_analysis(SUBJECT, as_of=AS_OF)

    assert (result.months, result.miles) == (12, 3.0)
    assert [c.listing.listing_key for c in result.comps] == ["NEAR-OLD", "FAR-1", "FAR-2"]
    assert round(result.comps[1].distance_miles, 2) == 2.07


def test_fewer_than_three_comps_is_low_confidence():
    _sold("ONLY", 500_000, 2000, 3, 2, 2000, 30)

    result = comparative_market_analysis(SUBJECT, as_of=AS_OF)

    assert result.suggested_price == Decimal("500000")
    assert (result.confidence, len(result.comps)) == ("low", 1)


def test_no_comparables_is_an_error_never_a_price():
    _sold("FAR", 450_000, 2000, 3, 2, 2000, 10, lat=LAT + 0.1)

    with pytest.raises(InsufficientComparablesError) as caught:
        comparative_market_analysis(SUBJECT, as_of=AS_OF)

    assert caught.value.code == "INSUFFICIENT_COMPARABLES"
    assert "within 3 miles in the last 12 months" in caught.value.message


def test_listing_subject_excludes_itself_and_postal_code_fallback(comps):
    listing = PropertyFactory(
        listing_key="SUBJ", living_area=2000, year_built=2000, latitude=None, longitude=None
    )

    result = comparative_market_analysis(listing, as_of=AS_OF)

    assert [c.listing.listing_key for c in result.comps] == ["C1", "C2", "C3"]
    assert result.miles is None
    assert result.comps[0].distance_miles is None


def test_subject_without_living_area_is_rejected():
    with pytest.raises(CmaSubjectError) as caught:
        comparative_market_analysis(CmaSubject(address="x", living_area=None, postal_code="1"))

    assert caught.value.field == "living_area"
