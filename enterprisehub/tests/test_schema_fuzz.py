"""schemathesis over the OpenAPI schema drf-spectacular generates: no operation answers 5xx.

The schema is generated in-process from SCHEMA_URLCONF (the project's routes plus, in this
branch, the JWT token endpoint), so every API operation added later is fuzzed automatically.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.test import override_settings
from django.test.client import ClientHandler
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from enterprisehub.accounts.services import api_key_create

SCHEMA_URLCONF = "enterprisehub.tests.urls_jwt"
raw = SchemaGenerator(urlconf=SCHEMA_URLCONF).get_schema(request=None, public=True)


class _InTestWsgiApp:
    """WSGI over Django's test handler, which keeps the test's database connection open."""

    def __init__(self) -> None:
        self.handler = ClientHandler(enforce_csrf_checks=False)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
        return [response.content]


schema = schemathesis.openapi.from_dict(raw)
schema.app = _InTestWsgiApp()


def test_the_schema_has_operations():
    assert "/api/v1/auth/token/" in raw["paths"]


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_no_operation_answers_5xx_anonymous(case):
    with override_settings(ROOT_URLCONF=SCHEMA_URLCONF):
        case.call_and_validate(checks=[not_a_server_error])


@pytest.fixture
def broker_key(broker) -> str:
    return api_key_create(user=broker, name="fuzz")[1]


@pytest.mark.django_db
@schema.parametrize()
@FUZZ
def test_no_operation_answers_5xx_as_a_broker(case, broker_key):
    with override_settings(ROOT_URLCONF=SCHEMA_URLCONF):
        case.call_and_validate(
            headers={"Authorization": f"Api-Key {broker_key}"}, checks=[not_a_server_error]
        )
