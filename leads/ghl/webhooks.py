"""Receive a GHL webhook: size, authenticity, freshness, store once, enqueue. Nothing else.

The view answers from what happens here in a few milliseconds; every model change happens later
in Celery (leads.ghl.events, queued through leads.ghl.dispatch). GHL retries only when we answer
429, so a failure to store is a 429 with Retry-After, and a stored event whose task could not be
queued is re-queued by the beat.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from leads.ghl import dispatch, signatures
from leads.ghl.exceptions import (
    WebhookAuthError,
    WebhookPayloadError,
    WebhookStaleError,
    WebhookTooLargeError,
    WebhookUnavailableError,
)
from leads.ghl.models import GhlWebhookEvent

log = logging.getLogger(__name__)
Auth = GhlWebhookEvent.Auth
ED25519_HEADER = "X-GHL-Signature"
RSA_HEADER = "X-WH-Signature"
SECRET_HEADER = "X-GHL-Workflow-Secret"  # noqa: S105  (a header name)
WEBHOOK_ID_HEADER = "X-GHL-Webhook-Id"  # optional on workflow webhooks (they carry no webhookId)
# Where each event type keeps its contact id (Contact* events: in "id").
_CONTACT_ID_PATHS = {
    "ContactCreate": ("id",),
    "ContactUpdate": ("id",),
    "ContactDelete": ("id",),
    "ContactTagUpdate": ("id",),
    "ContactDndUpdate": ("id",),
    "AppointmentCreate": ("appointment", "contactId"),
    "AppointmentUpdate": ("appointment", "contactId"),
    "AppointmentDelete": ("appointment", "contactId"),
    "Workflow": ("contact_id",),
}
WORKFLOW_TYPE = "Workflow"
STORE_LOCK_TIMEOUT_MS = 2000  # a locked table (a migration) gives a 429, not a hung request


@dataclass(frozen=True)
class Received:
    """What the view answers: the event was stored now, or had been already."""

    webhook_id: str
    duplicate: bool

    def as_body(self) -> dict[str, Any]:
        return {
            "status": "duplicate" if self.duplicate else "accepted",
            "webhookId": self.webhook_id,
        }


def _reject(exc: Exception, *, reason: str, size: int, scheme: str) -> Exception:
    """Count the rejection and log it without the body; return `exc` for raising."""
    try:
        key = f"ghl:webhook:rejected:{reason}"
        cache.add(key, 0, timeout=None)
        cache.incr(key)
    except Exception:  # a counter never turns a 401 into a 500
        log.warning("ghl webhook: rejection counter unavailable")
    log.warning("ghl webhook rejected: %s (scheme %s, %d bytes)", reason, scheme, size)
    return exc


def rejected_counts() -> dict[str, int]:
    """How many webhooks were refused, by reason (for the admin and operators)."""
    reasons = ("signature", "no_signature", "key_not_configured", "stale", "secret")
    found = cache.get_many([f"ghl:webhook:rejected:{r}" for r in reasons])
    return {key.rsplit(":", 1)[1]: int(value) for key, value in found.items()}


def check_size(content_length: str | int | None) -> None:
    """413 before reading a body the sender says is too large."""
    try:
        length = int(content_length or 0)
    except (TypeError, ValueError):
        length = 0
    if length > settings.GHL_WEBHOOK_MAX_BYTES:
        raise WebhookTooLargeError(
            f"Webhook bodies are limited to {settings.GHL_WEBHOOK_MAX_BYTES} bytes.", field="body"
        )


def _verify_signed(body: bytes, headers: Mapping[str, str]) -> str:
    """Which scheme vouched for the body; raise WebhookAuthError when none does."""
    ed_sig, rsa_sig = headers.get(ED25519_HEADER), headers.get(RSA_HEADER)
    ed_key, rsa_key = settings.GHL_WEBHOOK_PUBLIC_KEY, settings.GHL_WEBHOOK_RSA_PUBLIC_KEY
    if ed_sig and ed_key:
        scheme, ok = Auth.ED25519, signatures.verify_ed25519(body, ed_sig, ed_key)
    elif rsa_sig and rsa_key:
        scheme, ok = Auth.RSA, signatures.verify_rsa(body, rsa_sig, rsa_key)
    else:
        reason = "no_signature" if not (ed_sig or rsa_sig) else "key_not_configured"
        raise _reject(
            WebhookAuthError(
                f"Sign the body with {ED25519_HEADER} (Ed25519) or {RSA_HEADER} (RSA).",
                field=ED25519_HEADER,
                code="WEBHOOK_SIGNATURE_MISSING",
            ),
            reason=reason,
            size=len(body),
            scheme="none",
        )
    if not ok:
        header = ED25519_HEADER if scheme == Auth.ED25519 else RSA_HEADER
        raise _reject(
            WebhookAuthError("The webhook signature does not match the body.", field=header),
            reason="signature",
            size=len(body),
            scheme=scheme,
        )
    return scheme


def _verify_secret(body: bytes, headers: Mapping[str, str]) -> str:
    if not signatures.verify_secret(
        headers.get(SECRET_HEADER, ""), settings.GHL_WORKFLOW_WEBHOOK_SECRET
    ):
        raise _reject(
            WebhookAuthError(
                f"The {SECRET_HEADER} header is missing or wrong.",
                field=SECRET_HEADER,
                code="WEBHOOK_SECRET_INVALID",
            ),
            reason="secret",
            size=len(body),
            scheme=Auth.WORKFLOW_SECRET,
        )
    return Auth.WORKFLOW_SECRET


def _parse(body: bytes) -> dict[str, Any]:
    try:
        payload = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise WebhookPayloadError("The body is not JSON.", field="body") from None
    if not isinstance(payload, dict):
        raise WebhookPayloadError("The body must be a JSON object.", field="body")
    return payload


def _event_time(value: Any) -> datetime | None:
    """The envelope `timestamp`: ISO-8601, or epoch seconds/milliseconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    if isinstance(value, str) and value.strip():
        parsed = parse_datetime(value.strip())
        if parsed is not None and parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return None


def _check_fresh(payload: dict[str, Any], *, size: int, scheme: str) -> None:
    """A `timestamp` more than the allowed age away from now (either way) is stale."""
    if "timestamp" not in payload:
        return
    sent = _event_time(payload["timestamp"])
    max_age = settings.GHL_WEBHOOK_MAX_AGE_SECONDS
    if sent is not None and abs((timezone.now() - sent).total_seconds()) <= max_age:
        return
    message = (
        "The timestamp is unreadable."
        if sent is None
        else f"The event is older than {max_age // 60} minutes (or dated in the future)."
    )
    raise _reject(
        WebhookStaleError(message, field="timestamp"), reason="stale", size=size, scheme=scheme
    )


def _dig(payload: dict[str, Any], path: tuple[str, ...]) -> str:
    value: Any = payload
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return str(value)[:64] if isinstance(value, str | int) and value != "" else ""


def describe(payload: dict[str, Any], *, workflow: bool) -> tuple[str, str, str]:
    """(event type, location id, contact id) of a payload."""
    event_type = str(payload.get("type") or (WORKFLOW_TYPE if workflow else "Unknown"))[:64]
    path = _CONTACT_ID_PATHS.get(event_type, ("contactId",))
    location = _dig(payload, ("locationId",)) or _dig(payload, ("location", "id"))
    return event_type, location, _dig(payload, path)


def _webhook_id(payload: dict[str, Any], body: bytes, headers: Mapping[str, str]) -> str:
    given = payload.get("webhookId") or headers.get(WEBHOOK_ID_HEADER)
    if isinstance(given, str | int) and str(given).strip():
        return str(given).strip()[:128]
    # Workflow webhooks carry no id: the same body twice is the same delivery.
    return "sha256:" + hashlib.sha256(body).hexdigest()


def _store(
    *, webhook_id: str, body: bytes, payload: dict[str, Any], scheme: str, workflow: bool
) -> int | None:
    """Insert the event; its id, or None when this webhookId is already stored."""
    event_type, location, contact = describe(payload, workflow=workflow)
    values = {
        "webhook_id": webhook_id,
        "event_type": event_type,
        "location_id": location,
        "contact_id": contact,
        "payload": body.decode("utf-8"),
        "auth": scheme,
    }
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        return _store_postgresql(values)  # the view's case: autocommit
    try:
        with transaction.atomic():
            return GhlWebhookEvent.objects.create(**values).pk
    except IntegrityError:
        if GhlWebhookEvent.objects.filter(webhook_id=webhook_id).exists():
            return None
        raise


def _store_postgresql(values: dict[str, Any]) -> int | None:
    """One round trip: a transaction with a lock timeout around INSERT ... ON CONFLICT DO
    NOTHING (a locked table answers 429 in two seconds instead of holding the request)."""
    meta = GhlWebhookEvent._meta
    row = {
        **values,
        "payload": meta.get_field("payload").get_db_prep_save(values["payload"], connection),
        "status": GhlWebhookEvent.Status.RECEIVED,
        "attempts": 0,
        "error": "",
        "received_at": timezone.now(),
    }
    columns = ", ".join(meta.get_field(name).column for name in row)
    # Names from the model's metadata, every value a parameter.
    placeholders = ", ".join(["%s"] * len(row))
    insert = f"INSERT INTO {meta.db_table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    sql = (
        f"BEGIN; SET LOCAL lock_timeout = {STORE_LOCK_TIMEOUT_MS}; "
        f"SET LOCAL statement_timeout = {STORE_LOCK_TIMEOUT_MS * 2}; "
        f"{insert} ON CONFLICT (webhook_id) DO NOTHING RETURNING id; COMMIT;"
    )
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql, list(row.values()))
        except DatabaseError:
            cursor.execute("ROLLBACK")  # the failed statement left the transaction open
            raise
        while cursor.description is None or cursor.description[0].name != "id":
            if not cursor.nextset():
                return None
        found = cursor.fetchone()
    return found[0] if found else None


def webhook_receive(*, body: bytes, headers: Mapping[str, str], workflow: bool = False) -> Received:
    """Verify, store once and queue one webhook delivery (raises WebhookError subclasses)."""
    if len(body) > settings.GHL_WEBHOOK_MAX_BYTES:
        check_size(len(body))
    scheme = _verify_secret(body, headers) if workflow else _verify_signed(body, headers)
    payload = _parse(body)
    _check_fresh(payload, size=len(body), scheme=scheme)
    webhook_id = _webhook_id(payload, body, headers)
    try:
        event_id = _store(
            webhook_id=webhook_id, body=body, payload=payload, scheme=scheme, workflow=workflow
        )
    except DatabaseError as exc:
        log.error("ghl webhook %s not stored (%s): answering 429", webhook_id, type(exc).__name__)
        raise WebhookUnavailableError(
            "The event could not be stored; retry later.", field=None
        ) from None
    if event_id is None:
        return Received(webhook_id=webhook_id, duplicate=True)
    dispatch.dispatcher.submit(event_id)
    return Received(webhook_id=webhook_id, duplicate=False)
