"""The GHL client: headers, timeouts, retries with backoff honouring Retry-After, failures
recorded, other 4xx surfaced, OAuth refresh on 401, the daily quota, tags merged on upsert."""

from __future__ import annotations

import httpx
import pytest
import respx

from leads.ghl import operations
from leads.ghl.client import GhlClient, retry_after_seconds, scrub
from leads.ghl.exceptions import GhlApiError, GhlRateLimitedError, GhlTransientError
from leads.ghl.models import GhlOAuthToken, GhlSyncLog
from leads.ghl.ratelimit import RateLimiter
from leads.ghl.sync import lead_sync_to_ghl
from leads.models import Lead
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def rows():
    return list(
        GhlSyncLog.objects.order_by("pk").values_list(
            "operation", "status", "attempt", "http_status"
        )
    )


def test_every_call_carries_the_token_the_endpoint_version_and_a_timeout(ghl_api):
    contact = ghl_api.add_contact(email="ana@example.com")
    with GhlClient() as client:
        operations.contact_get(client, contact_id=contact["id"])
        operations.sms_send(client, contact_id=contact["id"], body="Hi", idempotency_key="sms:t1")
        timeout = client.http.timeout

    got, sent = ghl_api.calls("GET", "/contacts/")[0], ghl_api.calls("POST", "/conversations/")[0]
    assert got.headers["Authorization"] == f"Bearer {ghl_api.token}"
    assert (got.headers["Version"], sent.headers["Version"]) == ("2021-07-28", "2021-04-15")
    assert (timeout.connect, timeout.read, timeout.write) == (1.0, 2.0, 2.0)


def test_version_header_comes_from_settings(ghl_api, settings):
    settings.GHL_API_VERSIONS = {**settings.GHL_API_VERSIONS, "contacts": "2023-02-21"}
    contact = ghl_api.add_contact(email="ana@example.com")

    with GhlClient() as client:
        operations.contact_get(client, contact_id=contact["id"])

    assert ghl_api.calls("GET", "/contacts/")[0].headers["Version"] == "2023-02-21"


def test_429_with_retry_after_waits_then_succeeds(ghl_api):
    contact = ghl_api.add_contact(email="ana@example.com")
    ghl_api.fail("GET", "/contacts/", 429, headers={"Retry-After": "1"})

    with GhlClient() as client:
        got = operations.contact_get(client, contact_id=contact["id"])

    assert got["id"] == contact["id"]
    first, second = ghl_api.calls("GET", "/contacts/")
    assert second.at - first.at >= 1.0  # Retry-After honoured (the whole deployment paused)
    assert rows() == [("contact_get", "retrying", 1, 429), ("contact_get", "ok", 2, 200)]


def test_500_three_times_is_a_recorded_failure(ghl_api):
    lead = LeadFactory()
    ghl_api.fail("POST", "/contacts/upsert", 500, times=3)

    with GhlClient() as client, pytest.raises(GhlTransientError):
        operations.contact_upsert(client, fields={"email": "a@example.com"}, lead_id=lead.pk)

    assert len(ghl_api.calls("POST", "/contacts/upsert")) == 3
    assert rows() == [
        ("contact_upsert", "retrying", 1, 500),
        ("contact_upsert", "retrying", 2, 500),
        ("contact_upsert", "failed", 3, 500),
    ]
    failed = GhlSyncLog.objects.get(status="failed")
    assert (failed.lead_id, failed.replay) == (
        lead.pk,
        {"kind": "sync_lead", "lead_id": str(lead.pk)},
    )
    assert failed.latency_ms is not None and failed.error.startswith("HTTP 500")


def test_other_4xx_is_not_retried_and_keeps_pii_out_of_the_log(ghl_api):
    ghl_api.fail(
        "POST",
        "/contacts/upsert",
        422,
        body={
            "statusCode": 422,
            "message": "email ana@example.com or phone +1 512 555 0142 invalid",
        },
    )

    with GhlClient() as client, pytest.raises(GhlApiError) as refused:
        operations.contact_upsert(client, fields={"email": "ana@example.com"})

    assert refused.value.http_status == 422
    assert len(ghl_api.calls("POST", "/contacts/upsert")) == 1
    row = GhlSyncLog.objects.get()
    assert (row.status, row.http_status) == ("failed", 422)
    assert row.error == "HTTP 422 email [email] or phone [number] invalid"


def test_connection_refused_is_retried_then_failed(ghl_api, settings):
    settings.GHL_API_BASE_URL = "http://127.0.0.1:1"  # nothing listens

    with GhlClient() as client, pytest.raises(GhlTransientError):
        operations.contact_get(client, contact_id="c1")

    assert [(r[1], r[2]) for r in rows()] == [("retrying", 1), ("retrying", 2), ("failed", 3)]
    assert GhlSyncLog.objects.last().error == "ConnectError"


def test_a_long_retry_after_goes_back_to_the_task(ghl_api):
    ghl_api.fail("GET", "/contacts/", 429, headers={"Retry-After": "120"})

    with GhlClient() as client, pytest.raises(GhlTransientError) as later:
        operations.contact_get(client, contact_id="c1")

    assert later.value.retry_after == 120
    assert len(ghl_api.calls("GET", "/contacts/")) == 1


def test_backoff_has_jitter_and_grows(ghl_api):
    waits: list[float] = []
    ghl_api.fail("GET", "/contacts/", 503, times=2)
    contact = ghl_api.add_contact(email="ana@example.com")

    with GhlClient(sleep=waits.append) as client:
        operations.contact_get(client, contact_id=contact["id"])

    assert len(waits) == 2
    assert 0 <= waits[0] <= 0.01 and 0 <= waits[1] <= 0.02  # full jitter under base * 2^n


def test_retry_after_as_an_http_date():
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("soon") is None


def test_scrub_removes_emails_and_phone_numbers():
    assert scrub("dup: a.b+c@x.co / (512) 555-0142") == "dup: [email] / [number]"


def test_oauth_refreshes_on_401_once_and_keeps_the_new_refresh_token(ghl_api, settings):
    settings.GHL_API_TOKEN = ""
    settings.GHL_OAUTH_CLIENT_ID, settings.GHL_OAUTH_CLIENT_SECRET = "client-1", "secret-1"
    settings.GHL_OAUTH_REFRESH_TOKEN = ghl_api.oauth_refresh_token = "refresh-initial"
    GhlOAuthToken.objects.create(
        location_id=ghl_api.location_id, access_token="expired", refresh_token="refresh-initial"
    )
    contact = ghl_api.add_contact(email="ana@example.com")

    with GhlClient() as client:
        assert operations.contact_get(client, contact_id=contact["id"])["id"] == contact["id"]

    token = GhlOAuthToken.objects.get()
    assert (token.access_token, token.refresh_token) == (ghl_api.token, ghl_api.oauth_refresh_token)
    assert token.refresh_token != "refresh-initial"
    refresh = ghl_api.calls("POST", "/oauth/token")[0].body
    assert refresh == {
        "client_id": "client-1",
        "client_secret": "secret-1",
        "grant_type": "refresh_token",
        "refresh_token": "refresh-initial",
        "user_type": "Location",
    }
    assert rows() == [
        ("contact_get", "retrying", 1, 401),
        ("oauth_refresh", "ok", 1, 200),
        ("contact_get", "ok", 2, 200),
    ]


def test_daily_quota_nearly_spent_pauses_every_caller(ghl_api, settings):
    settings.GHL_DAILY_RESERVE = 100
    ghl_api.rate_headers = {
        "X-RateLimit-Limit-Daily": "200000",
        "X-RateLimit-Daily-Remaining": "99",
        "X-RateLimit-Max": "100",
        "X-RateLimit-Remaining": "98",
        "X-RateLimit-Interval-Milliseconds": "10000",
    }
    contact = ghl_api.add_contact(email="ana@example.com")

    with GhlClient() as client:
        operations.contact_get(client, contact_id=contact["id"])
        assert client.limiter.daily_remaining() == 99
        with pytest.raises(GhlRateLimitedError) as waiting:
            operations.contact_get(client, contact_id=contact["id"], max_wait=0.1)

    assert 590 < waiting.value.retry_after <= 600
    assert len(ghl_api.calls("GET", "/contacts/")) == 1


def test_the_bucket_never_lets_more_than_the_limit_into_a_window(ghl_api, settings):
    settings.GHL_RATE_LIMIT_REQUESTS, settings.GHL_RATE_LIMIT_INTERVAL_SECONDS = 5, 0.5
    settings.GHL_RATE_LIMIT_MARGIN_SECONDS = 0.05
    contact = ghl_api.add_contact(email="ana@example.com")

    with GhlClient() as client:
        for _ in range(12):
            operations.contact_get(client, contact_id=contact["id"])

    times = sorted(r.at for r in ghl_api.calls("GET", "/contacts/"))
    assert max(sum(1 for t in times if start <= t < start + 0.5) for start in times) == 5
    assert times[-1] - times[0] >= 1.0  # 12 requests at 5 per 0.5 s need two full windows


def test_the_bucket_is_shared_by_every_client_of_the_location(ghl_api, settings):
    settings.GHL_RATE_LIMIT_REQUESTS, settings.GHL_RATE_LIMIT_INTERVAL_SECONDS = 3, 60
    with GhlClient() as one, GhlClient() as two:
        for _ in range(3):
            one.limiter.take(max_wait=0)
        with pytest.raises(GhlRateLimitedError):
            two.limiter.take(max_wait=0)


# --- operations -----------------------------------------------------------------------------


def test_upsert_never_sends_tags_and_sync_keeps_the_contacts_tags(ghl_api):
    existing = ghl_api.add_contact(
        email="ana@example.com", tags=["vip", "open-house-2026", "hot-lead"]
    )
    lead = LeadFactory(email="ana@example.com", phone="+15125550142", intent="buyer")
    Lead.objects.filter(pk=lead.pk).update(score=5, temperature="warm")

    lead_sync_to_ghl(lead_id=lead.pk)

    upsert = ghl_api.calls("POST", "/contacts/upsert")[0].body
    assert "tags" not in upsert
    assert upsert["locationId"] == ghl_api.location_id
    assert (upsert["email"], upsert["phone"]) == ("ana@example.com", "+15125550142")
    contact = ghl_api.contacts[existing["id"]]
    assert contact["tags"] == ["buyer", "open-house-2026", "vip", "warm-lead"]  # hot-lead was ours
    lead.refresh_from_db()
    assert lead.ghl_contact_id == existing["id"]
    assert lead.ghl_sync_requested_at is None and lead.ghl_synced_at is not None


def test_custom_fields_are_sent_by_the_ids_ghl_gave_them(ghl_api, settings):
    settings.GHL_CUSTOM_FIELD_IDS = {"in_control": "cf-control"}
    lead = LeadFactory(email="ana@example.com", budget_min=400_000, budget_max=550_000)
    Lead.objects.filter(pk=lead.pk).update(score=8, temperature="hot", timeline_months=3)

    lead_sync_to_ghl(lead_id=lead.pk)

    sent = {
        f["id"]: f["field_value"]
        for f in ghl_api.calls("POST", "/contacts/upsert")[0].body["customFields"]
    }
    assert sent == {
        "cf-score": 8,
        "cf-temperature": "hot",
        "cf-timeline_months": 3,
        "cf-budget": "400000-550000",
        "cf-intent": "unknown",
        "cf-control": "bot",
    }
    assert len(ghl_api.calls("GET", "/locations/")) == 1  # looked up once, then cached


def test_an_opted_out_lead_goes_to_ghl_with_sms_dnd_on(ghl_api):
    from leads import consent

    lead = LeadFactory(email="ana@example.com")
    consent.lead_opt_out(lead=lead, source="sms_keyword")

    lead_sync_to_ghl(lead_id=lead.pk)

    assert ghl_api.calls("POST", "/contacts/upsert")[0].body["dndSettings"] == {
        "SMS": {"status": "active", "message": "Opted out by text"}
    }


def test_deleting_a_contact_that_is_already_gone_counts_as_done(ghl_api):
    with GhlClient() as client:
        operations.contact_delete(client, contact_id="gone-already")

    assert GhlSyncLog.objects.get().http_status == 404


@respx.mock
def test_read_timeout_on_an_idempotent_call_is_retried(settings):
    settings.GHL_API_BASE_URL, settings.GHL_API_TOKEN = "https://ghl.test", "pit"
    settings.GHL_LOCATION_ID, settings.GHL_RETRY_BASE_SECONDS = "loc-respx", 0.0
    route = respx.get("https://ghl.test/contacts/c1").mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json={"contact": {"id": "c1"}})]
    )

    with GhlClient(limiter=RateLimiter(location_id="loc-respx", limit=100, interval=10)) as client:
        assert operations.contact_get(client, contact_id="c1") == {"id": "c1"}

    assert route.call_count == 2
    assert [r[1] for r in rows()] == ["retrying", "ok"]
