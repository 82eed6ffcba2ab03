from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from properties.tests.factories import PropertyFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/properties/cma/"
LAT, LON = 30.2672, -97.7431


@pytest.fixture
def sold():
    today = timezone.localdate()
    for i, price in enumerate((500_000, 520_000, 510_000)):
        PropertyFactory(
            listing_key=f"C{i}",
            standard_status="Closed",
            close_price=Decimal(price),
            close_date=today - timedelta(days=20 * (i + 1)),
            living_area=2000,
            latitude=LAT,
            longitude=LON,
            days_on_market=10 * (i + 1),
        )
    return PropertyFactory(listing_key="SUBJ", living_area=2000, latitude=LAT, longitude=LON)


def test_cma_for_a_listing(api_client, agent, sold):
    api_client.force_authenticate(agent)

    response = api_client.post(URL, {"listing_key": "SUBJ"}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert [c["listing_key"] for c in body["comps"]] == ["C0", "C1", "C2"]
    assert body["range"] == {"low": 500000, "high": 520000}
    assert body["confidence"]["comp_count"] == 3
    assert body["comps"][0]["adjustments"][0]["factor"] == "living_area"
    assert body["days_on_market_median"] == 20
    assert "not an appraisal" in body["disclaimer"]
    assert 500000 <= body["suggested_price"] <= 520000


def test_cma_for_an_address_with_facts(api_client, agent, sold):
    api_client.force_authenticate(agent)

    response = api_client.post(
        URL,
        {"address": "9 Elm St", "living_area": 2000, "bedrooms": 3, "postal_code": "78704"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["search"] == {"months": 6, "miles": None}
    assert response.json()["subject"]["address"] == "9 Elm St"


def test_no_comparables_is_a_structured_422(api_client, agent):
    api_client.force_authenticate(agent)

    response = api_client.post(
        URL, {"address": "1 Lonely Rd", "living_area": 1500, "postal_code": "78701"}, format="json"
    )

    assert response.status_code == 422
    assert response.json()["code"] == "INSUFFICIENT_COMPARABLES"
    assert response.json()["error"] == "insufficient_comparables"


def test_bad_subject_and_unknown_listing(api_client, agent):
    api_client.force_authenticate(agent)

    no_size = api_client.post(URL, {"address": "1 A St", "postal_code": "78701"}, format="json")
    unknown = api_client.post(URL, {"listing_key": "NOPE"}, format="json")

    assert (no_size.status_code, no_size.json()["field"]) == (400, "living_area")
    assert (unknown.status_code, unknown.json()["code"]) == (404, "LISTING_NOT_FOUND")


def test_cma_requires_authentication(api_client):
    assert api_client.post(URL, {"listing_key": "X"}, format="json").status_code == 401


def test_similar_api(api_client, agent):
    subject = PropertyFactory(listing_key="S")
    PropertyFactory(listing_key="T", list_price=460_000)
    api_client.force_authenticate(agent)

    response = api_client.get(f"/api/v1/properties/{subject.listing_key}/similar/", {"k": 3})
    bad = api_client.get(f"/api/v1/properties/{subject.listing_key}/similar/", {"k": 0})

    assert [r["listing_key"] for r in response.json()["results"]] == ["T"]
    assert (bad.status_code, bad.json()["field"]) == (400, "k")
