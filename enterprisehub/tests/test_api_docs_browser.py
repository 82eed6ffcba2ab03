"""The API docs pages draw in a real browser under our Content-Security-Policy."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_lists_the_operations_without_csp_violations(browser, live_server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ready
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_server.url}/api/docs/")
    WebDriverWait(browser, 20).until(
        ready.presence_of_element_located((By.CSS_SELECTOR, ".opblock"))
    )

    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    log = browser.get_log("browser")
    blocked = [e["message"] for e in log if "Content Security Policy" in e["message"]]
    assert {"/api/v1/leads/", "/api/v1/properties/"} <= paths
    assert blocked == []
