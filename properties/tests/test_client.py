from datetime import UTC, datetime

import httpx
import pytest
import respx

from properties.exceptions import MlsApiError, MlsApiTransientError
from properties.reso.client import ResoClient
from properties.tests.factories import reso_record

BASE = "https://api.mls.example/reso/odata"


def _page(records, next_link=None):
    body = {"@odata.context": f"{BASE}/$metadata#Property", "value": records}
    if next_link:
        body["@odata.nextLink"] = next_link
    return httpx.Response(200, json=body, headers={"OData-Version": "4.0"})


def _client(sleeps=None, **kwargs):
    return ResoClient(
        base_url=BASE,
        token="tok",
        page_size=2,
        sleep=[].append if sleeps is None else sleeps.append,
        **kwargs,
    )


@respx.mock
def test_pages_follow_next_link_with_incremental_filter():
    next_link = f"{BASE}/Property?$skiptoken=abc"
    first = respx.get(f"{BASE}/Property", params={"$top": "2"}).mock(
        return_value=_page([reso_record("A"), reso_record("B")], next_link)
    )
    second = respx.get(next_link).mock(return_value=_page([reso_record("C")]))

    with _client() as client:
        keys = [r["ListingKey"] for r in client.properties(since=datetime(2026, 11, 1, tzinfo=UTC))]

    assert keys == ["A", "B", "C"]
    request = first.calls[0].request
    assert request.headers["Authorization"] == "Bearer tok"
    assert request.url.params["$filter"] == ("ModificationTimestamp gt 2026-11-01T00:00:00.000000Z")
    assert request.url.params["$orderby"] == "ModificationTimestamp,ListingKey"
    assert second.calls[0].request.url.params["$skiptoken"] == "abc"


@respx.mock
def test_429_honours_retry_after_and_5xx_backs_off():
    route = respx.get(f"{BASE}/Property").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(503),
            _page([reso_record("A")]),
        ]
    )
    sleeps = []

    with _client(sleeps) as client:
        records = list(client.properties())

    assert [r["ListingKey"] for r in records] == ["A"]
    assert sleeps == [7.0, 2.0]
    assert route.call_count == 3
    assert "$filter" not in route.calls[0].request.url.params


@respx.mock
def test_timeouts_are_retried_then_give_up_as_transient():
    respx.get(f"{BASE}/Property").mock(side_effect=httpx.ReadTimeout("slow"))
    sleeps = []

    with _client(sleeps, max_attempts=3) as client, pytest.raises(MlsApiTransientError):
        list(client.properties())

    assert sleeps == [1.0, 2.0]


@respx.mock
def test_client_error_is_not_retried_and_carries_the_odata_code():
    respx.get(f"{BASE}/Property").mock(
        return_value=httpx.Response(
            401, json={"error": {"code": "Unauthorized", "message": "Token expired"}}
        )
    )
    sleeps = []

    with _client(sleeps) as client, pytest.raises(MlsApiError) as caught:
        list(client.properties())

    assert caught.value.message == "MLS API answered 401: Unauthorized Token expired"
    assert sleeps == []
