"""The agent pages in a real browser (headless Chromium, the `browser` fixture in conftest.py):
sign in, run a CMA, see its chart; a client opens the shared link.

Plotly draws in JavaScript and the Content-Security-Policy allows only our own scripts, so the
one way to know a chart appears is to let a browser run the page.
"""

from __future__ import annotations

import re

import pytest

from properties.tests.factories import cma_comps_and_subject

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agent_signs_in_and_sees_the_cma_chart_drawn(browser, live_server, agent):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    cma_comps_and_subject()
    browser.get(f"{live_server.url}/listings/cma/?listing_key=SUBJ")
    assert "/accounts/login/" in browser.current_url  # sent to sign in first

    browser.find_element(By.NAME, "username").send_keys(agent.username)
    browser.find_element(By.NAME, "password").send_keys("pw-" + agent.username)
    browser.find_element(By.CSS_SELECTOR, "form.login button").click()
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#cma-chart .main-svg"))
    )

    traces = browser.execute_script(
        "return document.getElementById('cma-chart').data.map(t => [t.name, t.y.length])"
    )
    points = browser.find_elements(By.CSS_SELECTOR, "#cma-chart .scatterlayer .point")
    problems = [
        entry["message"]
        for entry in browser.get_log("browser")
        if entry["level"] == "SEVERE" or "Content Security Policy" in entry["message"]
    ]
    assert browser.current_url.endswith("/listings/cma/?listing_key=SUBJ")
    assert traces == [["Sold price", 3], ["Adjusted to subject", 3], ["Suggested price", 1]]
    assert len(points) == 7
    assert problems == []
    assert "9 Subject Rd" in browser.page_source


def test_a_client_opens_the_shared_cma_link_and_sees_the_chart(browser, live_server, client, agent):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    cma_comps_and_subject()
    client.force_login(agent)
    page = client.get("/listings/cma/", {"listing_key": "SUBJ"}).content.decode()
    token = re.search(r"/listings/cma/shared/([^/]+)/", page)[1]

    browser.get(f"{live_server.url}/listings/cma/shared/{token}/")
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, "#cma-chart .main-svg"))
    )

    assert "/accounts/login/" not in browser.current_url
    assert len(browser.find_elements(By.CSS_SELECTOR, "#cma-chart .scatterlayer .point")) == 7
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
