import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.utils import timezone

from properties.tests.factories import PropertyFactory, cma_comps_and_subject

pytestmark = pytest.mark.django_db


def test_pages_need_login(client):
    for url in ("/listings/", "/listings/cma/", "/listings/X/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"/accounts/login/?next={url}"


def test_search_page_lists_matches(client, agent):
    PropertyFactory(listing_key="A", listing_id="ACT-1", list_price=300_000)
    PropertyFactory(listing_key="B", listing_id="ACT-2", list_price=900_000)
    client.force_login(agent)

    response = client.get("/listings/", {"max_price": 500000})

    html = response.content.decode()
    assert response.status_code == 200
    assert "ACT-1" in html
    assert "ACT-2" not in html
    assert "$300,000" in html


def test_search_page_shows_bad_input(client, agent):
    client.force_login(agent)

    response = client.get("/listings/", {"beds_min": "many"})

    assert "beds min: A valid integer is required." in response.content.decode()


def test_detail_page_and_missing_listing(client, agent):
    PropertyFactory(listing_key="A", public_remarks="Corner lot with pecan trees.")
    client.force_login(agent)

    assert "Corner lot with pecan trees." in client.get("/listings/A/").content.decode()
    assert client.get("/listings/NOPE/").status_code == 404


def test_cma_report_page_has_chart_table_and_notice(client, agent):
    cma_comps_and_subject()
    client.force_login(agent)

    response = client.get("/listings/cma/", {"listing_key": "SUBJ"})

    html = response.content.decode()
    figure = json.loads(re.search(r'id="cma-chart-figure"[^>]*>(.*?)</script>', html, re.S)[1])
    assert response.status_code == 200
    assert [t["name"] for t in figure["data"]] == [
        "Sold price",
        "Adjusted to subject",
        "Suggested price",
    ]
    assert figure["data"][0]["y"] == [500_000.0, 510_000.0, 520_000.0]
    assert '<div id="cma-chart"' in html
    assert "1 Comp Ln" in html
    assert "Not an appraisal." in html


def test_cma_report_runs_no_inline_script_so_the_csp_allows_the_chart(client, agent):
    cma_comps_and_subject()
    client.force_login(agent)

    response = client.get("/listings/cma/", {"listing_key": "SUBJ"})
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert scripts == [  # the figure's data block, plotly.js and the drawing script
        ' id="cma-chart-figure" type="application/json"',
        ' src="/listings/plotly.js"',
        ' src="/static/properties/charts.js"',
    ]
    assert finders.find("properties/charts.js") is not None  # collected, served by whitenoise


def test_cma_report_page_without_comps_says_so(client, agent):
    client.force_login(agent)

    response = client.get(
        "/listings/cma/", {"address": "1 A St", "living_area": 1500, "postal_code": "78701"}
    )

    assert response.status_code == 422
    assert "a price cannot be suggested" in response.content.decode()


def test_plotly_js_is_served_from_the_package(client):
    response = client.get("/listings/plotly.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript"
    assert b"plotly.js" in response.content[:2000]


@pytest.mark.parametrize("url", ["/listings/", "/listings/cma/"])
def test_listing_pages_carry_the_trec_notice_links(client, agent, settings, url):
    settings.IABS_URL = "https://hub.example.com/iabs.pdf"
    client.force_login(agent)

    html = client.get(url).content.decode()

    assert "Texas Real Estate Commission Information About Brokerage Services" in html
    assert "Texas Real Estate Commission Consumer Protection Notice" in html
    assert 'href="https://hub.example.com/iabs.pdf"' in html


SHARE_INPUT = r'<input readonly value="http://testserver(/listings/cma/shared/[^"]+)"'


def _share_url(html: str) -> str:
    return re.search(SHARE_INPUT, html)[1]


def test_cma_report_gives_a_link_the_client_opens_without_signing_in(client, agent):
    cma_comps_and_subject()
    client.force_login(agent)
    agent_page = client.get("/listings/cma/", {"listing_key": "SUBJ"}).content.decode()
    client.logout()

    shared = client.get(_share_url(agent_page))

    html = shared.content.decode()
    assert shared.status_code == 200
    assert "1 Comp Ln" in html and "Not an appraisal." in html
    assert f"by {agent.get_full_name()}, EnterpriseHub Realty" in html
    assert "Run CMA" not in html  # no form, no navigation for the client
    assert 'id="cma-chart-figure"' in html


def test_a_shared_cma_keeps_the_figures_of_the_day_it_was_run(client, agent):
    cma_comps_and_subject()
    client.force_login(agent)
    url = _share_url(client.get("/listings/cma/", {"listing_key": "SUBJ"}).content.decode())
    PropertyFactory(
        listing_key="LATER",
        unparsed_address="7 Later Sale Ct",
        standard_status="Closed",
        close_price=Decimal(900_000),
        close_date=timezone.localdate() + timedelta(days=3),
    )

    with time_machine.travel(timezone.now() + timedelta(days=5)):
        shared = client.get(url).content.decode()
        fresh = client.get("/listings/cma/", {"listing_key": "SUBJ"}).content.decode()

    assert "7 Later Sale Ct" not in shared
    assert "7 Later Sale Ct" in fresh


def test_a_tampered_or_expired_cma_link_is_refused(client, agent):
    cma_comps_and_subject()
    client.force_login(agent)
    url = _share_url(client.get("/listings/cma/", {"listing_key": "SUBJ"}).content.decode())
    client.logout()

    tampered = client.get(url[:-3] + "abc/")
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        expired = client.get(url)

    for response in (tampered, expired):
        assert response.status_code == 404
        assert "no longer valid" in response.content.decode()
