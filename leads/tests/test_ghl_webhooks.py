"""POST /api/v1/webhooks/ghl/: real Ed25519 and RSA signatures, freshness, once per webhookId,
size, the workflow shared secret, and never a 500 (429 when the event cannot be stored)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from django.db import connection

from leads.ghl.models import GhlWebhookEvent
from leads.ghl.webhooks import rejected_counts
from leads.tests.ghl_fixtures import (
    ED25519_KEY,
    WEBHOOK_PATH,
    WORKFLOW_PATH,
    WORKFLOW_SECRET,
    body_of,
    event,
    post_signed,
    public_pem,
    sign_ed25519,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ghl_keys")]


def inbound(**fields):
    values = {
        "contactId": "cI08i1Bls3iTB9bKgFJh",
        "conversationId": "fcanlLgpbQgQhderivVs",
        "messageId": "msg-1",
        "body": "Is the house on Oak still for sale?",
        "messageType": "SMS",
        "direction": "inbound",
        **fields,
    }
    return event("InboundMessage", **values)


def test_ed25519_signed_event_is_stored_once_and_queued(client, task_queue):
    payload = inbound()

    response = post_signed(client, payload)

    assert response.status_code == 200
    assert response.json() == {"status": "accepted", "webhookId": payload["webhookId"]}
    stored = GhlWebhookEvent.objects.get()
    assert (stored.webhook_id, stored.event_type, stored.contact_id, stored.auth) == (
        payload["webhookId"],
        "InboundMessage",
        "cI08i1Bls3iTB9bKgFJh",
        "ed25519",
    )
    assert stored.status == "received"
    assert json.loads(stored.payload) == payload
    assert task_queue.tasks() == [
        ("leads.ghl.tasks.ghl_event_process_task", {"event_id": stored.pk})
    ]


def test_body_is_encrypted_at_rest(client):
    post_signed(client, inbound())

    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM leads_ghlwebhookevent")
        raw = cursor.fetchone()[0]
    assert b"Oak" not in bytes(raw)


def test_legacy_rsa_signature_is_the_fallback(client):
    response = post_signed(client, inbound(), scheme="rsa")

    assert response.status_code == 200
    assert GhlWebhookEvent.objects.get().auth == "rsa"


def test_ed25519_wins_when_both_headers_come(client):
    response = post_signed(client, inbound(), scheme="both")

    assert response.status_code == 200
    assert GhlWebhookEvent.objects.get().auth == "ed25519"


def test_public_key_in_pem_form_works_too(client, settings):
    settings.GHL_WEBHOOK_PUBLIC_KEY = public_pem(ED25519_KEY)

    assert post_signed(client, inbound()).status_code == 200


def _assert_401(response, code, field):
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"error", "message", "field", "code"}
    assert (body["error"], body["code"], body["field"]) == ("authentication_failed", code, field)


def test_wrong_signature_is_401_and_nothing_is_stored(client, caplog):
    body = body_of(inbound())
    other_key = ed25519.Ed25519PrivateKey.generate()

    response = client.post(
        WEBHOOK_PATH,
        data=body,
        content_type="application/json",
        HTTP_X_GHL_SIGNATURE=sign_ed25519(body, other_key),
    )

    _assert_401(response, "WEBHOOK_SIGNATURE_INVALID", "X-GHL-Signature")
    assert GhlWebhookEvent.objects.count() == 0
    assert rejected_counts()["signature"] == 1
    assert "Oak" not in caplog.text and "rejected: signature" in caplog.text


def test_body_changed_after_signing_is_401(client):
    body = body_of(inbound())
    tampered = body.replace(b"Oak", b"Elm")

    response = client.post(
        WEBHOOK_PATH,
        data=tampered,
        content_type="application/json",
        HTTP_X_GHL_SIGNATURE=sign_ed25519(body),
    )

    _assert_401(response, "WEBHOOK_SIGNATURE_INVALID", "X-GHL-Signature")


def test_re_serialised_json_does_not_verify(client):
    """The signature covers the raw bytes: the same JSON with other spacing is not the body."""
    payload = inbound()
    spaced = json.dumps(payload).encode()  # ", " and ": " separators

    response = client.post(
        WEBHOOK_PATH,
        data=spaced,
        content_type="application/json",
        HTTP_X_GHL_SIGNATURE=sign_ed25519(body_of(payload)),
    )

    assert response.status_code == 401


def test_unsigned_is_401(client):
    response = client.post(WEBHOOK_PATH, data=body_of(inbound()), content_type="application/json")

    _assert_401(response, "WEBHOOK_SIGNATURE_MISSING", "X-GHL-Signature")
    assert rejected_counts()["no_signature"] == 1


def test_no_key_configured_refuses_everything(client, settings):
    settings.GHL_WEBHOOK_PUBLIC_KEY = settings.GHL_WEBHOOK_RSA_PUBLIC_KEY = ""

    response = post_signed(client, inbound(), scheme="both")

    _assert_401(response, "WEBHOOK_SIGNATURE_MISSING", "X-GHL-Signature")
    assert GhlWebhookEvent.objects.count() == 0


@pytest.mark.parametrize("age", [timedelta(minutes=6), timedelta(minutes=-6)])
def test_stale_or_future_timestamp_is_401(client, age):
    sent = datetime.now(UTC) - age
    payload = inbound(timestamp=sent.isoformat().replace("+00:00", "Z"))

    response = post_signed(client, payload)

    _assert_401(response, "WEBHOOK_STALE", "timestamp")
    assert GhlWebhookEvent.objects.count() == 0


def test_four_minutes_old_is_fresh(client):
    sent = datetime.now(UTC) - timedelta(minutes=4)

    response = post_signed(client, inbound(timestamp=sent.isoformat()))

    assert response.status_code == 200


def test_redelivery_answers_200_and_does_nothing(client, task_queue):
    payload = inbound()
    post_signed(client, payload)

    again = post_signed(client, payload)

    assert again.status_code == 200
    assert again.json() == {"status": "duplicate", "webhookId": payload["webhookId"]}
    assert GhlWebhookEvent.objects.count() == 1
    assert len(task_queue.tasks()) == 1


def test_over_256_kb_is_413(client):
    payload = inbound(body="x" * (256 * 1024))

    response = post_signed(client, payload)

    assert response.status_code == 413
    assert response.json()["code"] == "WEBHOOK_TOO_LARGE"
    assert GhlWebhookEvent.objects.count() == 0


def test_exactly_256_kb_is_accepted(client):
    payload = inbound(body="")
    padding = 256 * 1024 - len(body_of(payload))
    payload["body"] = "y" * padding
    assert len(body_of(payload)) == 256 * 1024

    assert post_signed(client, payload).status_code == 200


def test_signed_but_not_json_is_400(client):
    body = b"not json at all"

    response = client.post(
        WEBHOOK_PATH,
        data=body,
        content_type="application/json",
        HTTP_X_GHL_SIGNATURE=sign_ed25519(body),
    )

    assert response.status_code == 400
    assert response.json()["code"] == "WEBHOOK_PAYLOAD_INVALID"


def test_unknown_type_is_stored_and_acknowledged(client):
    payload = event("InvoicePaid", invoiceId="inv-9", amount=100)

    response = post_signed(client, payload)

    assert response.status_code == 200
    assert GhlWebhookEvent.objects.get().event_type == "InvoicePaid"


def test_contact_id_comes_from_id_for_contact_events(client):
    post_signed(client, event("ContactCreate", id="nmFmQEsNgz6AVpgLVUJ0", firstName="Ana"))
    post_signed(client, event("AppointmentCreate", appointment={"id": "ap1", "contactId": "c-77"}))

    assert sorted(GhlWebhookEvent.objects.values_list("contact_id", flat=True)) == [
        "c-77",
        "nmFmQEsNgz6AVpgLVUJ0",
    ]


# --- the workflow path: a shared secret instead of a signature ------------------------------


def _workflow(client, payload, secret=WORKFLOW_SECRET):
    return client.post(
        WORKFLOW_PATH,
        data=body_of(payload),
        content_type="application/json",
        HTTP_X_GHL_WORKFLOW_SECRET=secret,
    )


def test_workflow_webhook_with_the_secret_is_stored(client):
    payload = {"contact_id": "c-9", "first_name": "Ana", "phone": "+15125550142", "tags": "buyer"}

    response = _workflow(client, payload)

    assert response.status_code == 200
    stored = GhlWebhookEvent.objects.get()
    assert (stored.event_type, stored.contact_id, stored.auth) == (
        "Workflow",
        "c-9",
        "workflow_secret",
    )
    assert stored.webhook_id.startswith("sha256:")
    assert _workflow(client, payload).json()["status"] == "duplicate"


def test_workflow_webhook_with_a_wrong_secret_is_401(client):
    response = _workflow(client, {"contact_id": "c-9"}, secret="guess")

    _assert_401(response, "WEBHOOK_SECRET_INVALID", "X-GHL-Workflow-Secret")
    assert GhlWebhookEvent.objects.count() == 0


def test_a_signature_does_not_open_the_workflow_path(client):
    body = body_of({"contact_id": "c-9"})

    response = client.post(
        WORKFLOW_PATH,
        data=body,
        content_type="application/json",
        HTTP_X_GHL_SIGNATURE=sign_ed25519(body),
    )

    assert response.status_code == 401


def test_the_secret_does_not_open_the_signed_path(client):
    response = client.post(
        WEBHOOK_PATH,
        data=body_of(inbound()),
        content_type="application/json",
        HTTP_X_GHL_WORKFLOW_SECRET=WORKFLOW_SECRET,
    )

    assert response.status_code == 401


# --- never a 500 ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_cannot_store_answers_429_with_retry_after(client):
    """The table is locked (a migration, say): GHL gets 429 + Retry-After and delivers again."""
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        from django.db import connections

        with connections["default"].cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("LOCK TABLE leads_ghlwebhookevent IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(10)
            cursor.execute("ROLLBACK")
        connections["default"].close()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    locked.wait(5)
    payload = inbound()
    try:
        response = post_signed(client, payload)
    finally:
        release.set()
        holder.join()

    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert response.json()["code"] == "WEBHOOK_STORE_UNAVAILABLE"
    assert post_signed(client, payload).status_code == 200  # GHL's retry gets in
    assert GhlWebhookEvent.objects.count() == 1


def _use_broker(app, url: str) -> None:
    """Point the Celery app at another broker, dropping its cached connections."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def test_broker_down_still_answers_200_and_the_beat_requeues(client, settings, task_queue):
    from enterprisehub.celery import app
    from leads.ghl.tasks import ghl_requeue_task

    previous = app.conf.broker_url
    _use_broker(app, "redis://127.0.0.1:1/0")  # nothing listens there
    try:
        response = post_signed(client, inbound())
    finally:
        _use_broker(app, previous)

    assert response.status_code == 200
    stored = GhlWebhookEvent.objects.get()
    assert task_queue.tasks() == []
    GhlWebhookEvent.objects.filter(pk=stored.pk).update(
        received_at=stored.received_at - timedelta(minutes=5)
    )

    assert ghl_requeue_task.run()["events"] == 1
    assert ghl_requeue_task.run()["events"] == 0  # not again while that task may be waiting
    assert task_queue.tasks() == [
        ("leads.ghl.tasks.ghl_event_process_task", {"event_id": stored.pk})
    ]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_one_round_trip_stores_once_encrypted(client, task_queue):
    """The view's own path (autocommit, PostgreSQL): the single-statement insert."""
    payload = inbound()

    first, again = post_signed(client, payload), post_signed(client, payload)

    assert (first.json()["status"], again.json()["status"]) == ("accepted", "duplicate")
    stored = GhlWebhookEvent.objects.get()
    assert json.loads(stored.payload) == payload  # encrypted by the field, decrypts the same
    assert (stored.status, stored.attempts, stored.auth) == ("received", 0, "ed25519")
    assert task_queue.tasks() == [
        ("leads.ghl.tasks.ghl_event_process_task", {"event_id": stored.pk})
    ]


def test_a_burst_reaches_celery_as_one_batch(client, settings, task_queue):
    from leads.ghl.dispatch import dispatcher
    from leads.tests.celery_worker import wait_for

    settings.GHL_WEBHOOK_DISPATCH_SECONDS = 0.3
    payloads = [inbound(messageId=f"m{n}") for n in range(5)]
    for payload in payloads:
        assert post_signed(client, payload).status_code == 200

    tasks = wait_for(lambda: task_queue.tasks(), timeout=10)
    dispatcher.flush()
    ids = sorted(GhlWebhookEvent.objects.values_list("pk", flat=True))
    assert tasks == [("leads.ghl.tasks.ghl_events_process_task", {"event_ids": ids})]
