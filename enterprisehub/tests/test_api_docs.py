"""OpenAPI schema and docs pages (assets served locally), and JSON errors outside DRF views."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command
from django.test import Client, RequestFactory

from enterprisehub import errors

pytestmark = pytest.mark.django_db

JSON_404 = {"error": "not_found", "message": "Not found.", "field": None, "code": "NOT_FOUND"}


def test_schema_lists_the_leads_and_token_endpoints():
    response = Client().get("/api/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "EnterpriseHub API"
    mine = ("/api/v1/leads/", "/api/v1/auth/")  # other apps add their own paths
    operations = {
        path: sorted(ops) for path, ops in schema["paths"].items() if path.startswith(mine)
    }
    assert operations == {
        "/api/v1/auth/token/": ["post"],
        "/api/v1/auth/token/refresh/": ["post"],
        "/api/v1/auth/token/verify/": ["post"],
        "/api/v1/leads/": ["get", "post"],
        "/api/v1/leads/{lead_id}/": ["get", "patch"],
        "/api/v1/leads/availability/": ["get", "put"],
        "/api/v1/leads/offers/": ["get"],
        "/api/v1/leads/offers/{offer_id}/claim/": ["post"],
    }
    assert set(schema["components"]["securitySchemes"]) == {"ApiKeyAuth", "jwtAuth", "cookieAuth"}


def test_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    assert out.stat().st_size > 0


@pytest.mark.parametrize(
    ("path", "asset"),
    [
        ("/api/docs/", "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"),
        ("/api/docs/redoc/", "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"),
    ],
)
def test_docs_pages_load_their_assets_from_our_static_files(path, asset):
    response = Client().get(path)

    html = response.content.decode()
    assert response.status_code == 200
    assert asset in html
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html


def test_unknown_path_outside_the_api_keeps_the_html_404():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_unknown_api_path_gets_the_json_404():
    response = Client().get("/api/v2/leads/")

    assert response.status_code == 404
    assert response.json() == JSON_404


def test_server_error_under_the_api_is_json_without_details():
    response = errors.handler500(RequestFactory().get("/api/v1/leads/"))

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.content == (
        b'{"error": "server_error", "message": "Internal server error.", "field": null, '
        b'"code": "SERVER_ERROR"}'
    )
