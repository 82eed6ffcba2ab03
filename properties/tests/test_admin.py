import pytest
from django.urls import reverse

from properties.models import Property, RejectedListing
from properties.tests.factories import PropertyFactory, RejectedListingFactory, reso_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_client(client, broker):
    broker.is_superuser = True
    broker.save()
    client.force_login(broker)
    return client


def test_listing_admin_filters_by_price_band_and_city(broker_client):
    PropertyFactory(listing_id="CHEAP", list_price=250_000, city="Austin")
    PropertyFactory(listing_id="MID", list_price=450_000, city="Austin")
    PropertyFactory(listing_id="ROUND", list_price=450_000, city="Round Rock")
    url = reverse("admin:properties_property_changelist")

    response = broker_client.get(url, {"price_band": "300-500", "city": "Austin"})

    assert response.status_code == 200
    shown = [obj.listing_id for obj in response.context["cl"].result_list]
    assert shown == ["MID"]


def test_retry_action_imports_fixed_records_and_reports_bad_ones(broker_client):
    fixed = RejectedListingFactory(listing_key="FIX", raw=reso_record("FIX"))
    still_bad = RejectedListingFactory(listing_key="BAD", raw=reso_record("BAD", ListPrice=0))
    url = reverse("admin:properties_rejectedlisting_changelist")

    response = broker_client.post(
        url, {"action": "retry", "_selected_action": [fixed.pk, still_bad.pk]}, follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "1 record(s) imported.",
        "1 record(s) still invalid; see their problems.",
    ]
    assert list(Property.objects.values_list("listing_key", flat=True)) == ["FIX"]
    assert RejectedListing.objects.get(pk=still_bad.pk).resolved_at is None


def test_agents_cannot_open_the_listings_admin(client, agent):
    client.force_login(agent)

    response = client.get(reverse("admin:properties_property_changelist"))

    assert response.status_code == 302
