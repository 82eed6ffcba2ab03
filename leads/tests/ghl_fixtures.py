"""GHL test support: real Ed25519 and RSA keys made here, signed webhook bodies, a fake GHL API
on a local port, settings pointing the client at it, and a private Celery queue to inspect.

Loaded for every app's tests from the root conftest (pytest_plugins).
"""

from __future__ import annotations

import base64
import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import redis
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from leads.tests.fake_ghl import FakeGhl

ED25519_KEY = ed25519.Ed25519PrivateKey.generate()
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
WORKFLOW_SECRET = "workflow-secret-" + uuid.uuid4().hex
WEBHOOK_PATH = "/api/v1/webhooks/ghl/"
WORKFLOW_PATH = "/api/v1/webhooks/ghl/workflow/"


def public_pem(private_key) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def public_b64(private_key) -> str:
    """The base64 body of the SPKI key, the form GHL publishes its Ed25519 key in."""
    der = private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def sign_ed25519(body: bytes, key=None) -> str:
    return base64.b64encode((key or ED25519_KEY).sign(body)).decode()


def sign_rsa(body: bytes, key=None) -> str:
    signature = (key or RSA_KEY).sign(body, padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode()


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def event(event_type: str, **fields: Any) -> dict[str, Any]:
    """An event as GHL sends it: the type, the location, a webhookId and a timestamp."""
    return {
        "type": event_type,
        "locationId": "loc-test",
        "webhookId": str(uuid.uuid4()),
        "timestamp": now_iso(),
        **fields,
    }


def body_of(payload: dict[str, Any]) -> bytes:
    """Compact JSON, as GHL serialises (JSON.stringify)."""
    return json.dumps(payload, separators=(",", ":")).encode()


def post_signed(client, payload: dict[str, Any] | bytes, *, scheme: str = "ed25519", **extra):
    """POST an event signed with the test keys (scheme ed25519, rsa or both)."""
    body = payload if isinstance(payload, bytes) else body_of(payload)
    headers = {}
    if scheme in ("ed25519", "both"):
        headers["HTTP_X_GHL_SIGNATURE"] = sign_ed25519(body)
    if scheme in ("rsa", "both"):
        headers["HTTP_X_WH_SIGNATURE"] = sign_rsa(body)
    headers.update(extra)
    return client.post(WEBHOOK_PATH, data=body, content_type="application/json", **headers)


@pytest.fixture
def ghl_keys(settings):
    """Webhook verification configured with this module's keys."""
    settings.GHL_WEBHOOK_PUBLIC_KEY = public_b64(ED25519_KEY)
    settings.GHL_WEBHOOK_RSA_PUBLIC_KEY = public_pem(RSA_KEY)
    settings.GHL_WORKFLOW_WEBHOOK_SECRET = [WORKFLOW_SECRET]
    settings.GHL_WEBHOOK_DISPATCH_SECONDS = 0  # queued in the request: tests read the queue at once
    return settings


@pytest.fixture
def fake_ghl() -> Iterator[FakeGhl]:
    fake = FakeGhl().start()
    yield fake
    fake.stop()


@pytest.fixture
def ghl_api(settings, fake_ghl):
    """The client pointed at the fake GHL, with quick retries and this test's own bucket."""
    fake_ghl.location_id = f"loc-{uuid.uuid4().hex[:10]}"
    settings.GHL_API_BASE_URL = fake_ghl.url
    settings.GHL_API_TOKEN = fake_ghl.token
    settings.GHL_LOCATION_ID = fake_ghl.location_id
    settings.GHL_TIMEOUT_SECONDS = 2.0
    settings.GHL_CONNECT_TIMEOUT_SECONDS = 1.0
    settings.GHL_RETRY_BASE_SECONDS = 0.01
    settings.GHL_RETRY_MAX_SECONDS = 2.0
    settings.GHL_MAX_ATTEMPTS = 3
    settings.GHL_CUSTOM_FIELD_IDS = {}
    return fake_ghl


class TaskQueue:
    """Tasks this test sent, read back from its own Redis list (the broker is real)."""

    def __init__(self, client: redis.Redis, name: str) -> None:
        self.client, self.name = client, name

    def tasks(self) -> list[tuple[str, dict[str, Any]]]:
        found = []
        for raw in self.client.lrange(self.name, 0, -1):
            message = json.loads(raw)
            _args, kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            found.append((message["headers"]["task"], kwargs))
        return list(reversed(found))  # LPUSH: the newest first in the list

    def names(self) -> list[str]:
        return [name for name, _ in self.tasks()]


@pytest.fixture
def task_queue() -> Iterator[TaskQueue]:
    """Route this test's Celery tasks to a fresh queue in the real Redis, readable here."""
    from enterprisehub.celery import app

    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("needs REDIS_URL (the Celery broker)")
    name = f"test-{uuid.uuid4().hex[:12]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    client = redis.Redis.from_url(url)
    try:
        yield TaskQueue(client, name)
    finally:
        app.conf.task_default_queue = previous
        client.delete(name)
        client.close()
