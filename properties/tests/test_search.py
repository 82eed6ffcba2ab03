from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from properties.selectors import ListingQuery, listing_search
from properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/properties/"


@pytest.fixture
def listings():
    return {
        "a": PropertyFactory(
            listing_key="A",
            list_price=300_000,
            living_area=1500,
            listing_contract_date=date(2026, 10, 1),
        ),
        "b": PropertyFactory(
            listing_key="B",
            list_price=500_000,
            living_area=2000,
            bedrooms_total=4,
            listing_contract_date=date(2026, 11, 1),
            public_remarks="Pool and a three-car garage.",
        ),
        "c": PropertyFactory(
            listing_key="C",
            list_price=400_000,
            living_area=1000,
            listing_contract_date=None,
        ),
        "sold": PropertyFactory(listing_key="S", standard_status="Closed", list_price=350_000),
        "rr": PropertyFactory(
            listing_key="R", city="Round Rock", postal_code="78664", list_price=450_000
        ),
    }


def _keys(response):
    return [r["listing_key"] for r in response.json()["results"]]


def test_search_requires_authentication(api_client):
    assert api_client.get(URL).status_code == 401


def test_default_is_active_newest_first_with_undated_last(api_client, agent, listings):
    api_client.force_authenticate(agent)

    response = api_client.get(URL)

    assert response.status_code == 200
    assert _keys(response) == ["B", "R", "A", "C"]
    assert response.json()["next"] is None


def test_filters_combine(api_client, agent, listings):
    api_client.force_authenticate(agent)

    response = api_client.get(
        URL,
        {"city": "austin", "min_price": 350000, "beds_min": 4, "q": "pool", "sort": "price"},
    )

    assert _keys(response) == ["B"]
    body = response.json()["results"][0]
    assert body["list_price"] == 500000.0
    assert body["price_per_sqft"] == 250.0
    assert body["bedrooms_total"] == 4


def test_remarks_text_is_matched_literally_whatever_its_characters(api_client, agent):
    PropertyFactory(listing_key="PCT", public_remarks="Seller pays 100% of closing costs.")
    PropertyFactory(listing_key="ANY", public_remarks="Seller pays 1000 toward closing.")
    PropertyFactory(listing_key="UND", public_remarks="Lot_size is big; C:\\ drive stays.")
    api_client.force_authenticate(agent)

    def keys(text):
        return sorted(_keys(api_client.get(URL, {"q": text})))

    assert keys("100%") == ["PCT"]  # % is not a wildcard
    assert keys("lot_size") == ["UND"]  # neither is _, and case does not matter
    assert keys("c:\\ drive") == ["UND"]
    assert keys("seller pays") == ["ANY", "PCT"]


def test_status_and_living_area_filters(api_client, agent, listings):
    api_client.force_authenticate(agent)

    closed = api_client.get(URL, {"status": "Closed,Pending"})
    big = api_client.get(URL, {"living_area_min": 1600, "sort": "-price"})

    assert _keys(closed) == ["S"]
    assert _keys(big) == ["B", "R"]


def test_sort_by_price_per_sqft_pages_with_a_cursor(api_client, agent, listings):
    api_client.force_authenticate(agent)

    first = api_client.get(URL, {"sort": "price_per_sqft", "limit": 2})
    second = api_client.get(first.json()["next"])

    # A 200/sf, B 250/sf, R 250/sf, C 400/sf
    assert _keys(first) == ["A", "B"]
    assert _keys(second) == ["R", "C"]
    assert second.json()["next"] is None


@pytest.mark.parametrize(
    "query", [ListingQuery(), ListingQuery(city="Austin", sort="newest")], ids=["all", "city"]
)
def test_newest_pages_through_undated_listings(query):
    for key, day in (("D1", 1), ("D2a", 2), ("D2b", 2), ("U1", None), ("U2", None)):
        PropertyFactory(listing_key=key, listing_contract_date=day and date(2026, 11, day))
    seen, cursor = [], None
    for _ in range(5):
        rows, cursor = listing_search(query=query, cursor=cursor, limit=2)
        seen += [r.listing_key for r in rows]
        if cursor is None:
            break

    # newest date first, ties by newest id, listings without a date last
    assert seen == ["D2b", "D2a", "D1", "U2", "U1"]


def test_search_is_one_query():
    PropertyFactory.create_batch(3)

    with CaptureQueriesContext(connection) as queries:
        listing_search(query=ListingQuery(min_price=Decimal(1)), limit=2)

    assert len(queries) == 1


def test_bad_input_is_a_structured_error(api_client, agent):
    api_client.force_authenticate(agent)

    bad_price = api_client.get(URL, {"min_price": "cheap"})
    bad_range = api_client.get(URL, {"min_price": 500000, "max_price": 100000})
    bad_status = api_client.get(URL, {"status": "Sold"})
    bad_cursor = api_client.get(URL, {"cursor": "not-a-cursor"})

    assert bad_price.status_code == 400
    assert bad_price.json() == {
        "error": "validation_error",
        "message": "A valid number is required.",
        "field": "min_price",
        "code": "INVALID",
    }
    assert bad_range.json()["field"] == "max_price"
    assert bad_status.json()["message"] == "unknown status 'Sold'"
    assert (bad_cursor.status_code, bad_cursor.json()["field"]) == (400, "cursor")


def test_detail_and_unknown_key(api_client, agent, listings):
    api_client.force_authenticate(agent)

    found = api_client.get(f"{URL}B/")
    missing = api_client.get(f"{URL}NOPE/")

    assert found.json()["public_remarks"] == "Pool and a three-car garage."
    assert found.json()["lot_size_acres"] == 0.18
    assert missing.status_code == 404
    assert missing.json()["code"] == "LISTING_NOT_FOUND"


def test_new_matches_for_buyer_alerts():
    from datetime import timedelta

    from django.utils import timezone

    from properties.selectors import listing_new_matches

    old = PropertyFactory(listing_key="OLD", list_price=400_000)
    old.created_at = timezone.now() - timedelta(days=2)
    old.save(update_fields=["created_at"])
    PropertyFactory(listing_key="NEW", list_price=400_000, bedrooms_total=4)
    PropertyFactory(listing_key="PRICEY", list_price=900_000, bedrooms_total=4)
    since = timezone.now() - timedelta(hours=1)

    found = listing_new_matches(
        query=ListingQuery(max_price=Decimal(500_000), beds_min=3), since=since
    )

    assert [p.listing_key for p in found] == ["NEW"]
