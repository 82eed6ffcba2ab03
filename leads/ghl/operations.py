"""What EnterpriseHub asks of GHL: contacts (upsert with tags merged, read, search, delete),
tags, custom field ids, texts (never sent twice), opportunities and notes."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.dateparse import parse_datetime

from leads.ghl.client import Call, GhlClient
from leads.ghl.exceptions import GhlApiError
from leads.ghl.models import GhlSyncLog

Op = GhlSyncLog.Operation
Status = GhlSyncLog.Status
CUSTOM_FIELDS_CACHE_SECONDS = 3600
VERIFY_SKEW = timedelta(minutes=2)  # GHL's clock against ours when matching a sent text


def ghl_time(moment: datetime) -> str:
    """GHL's ISO-8601 form: UTC with milliseconds and a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# --- contacts --------------------------------------------------------------------------------


def contact_upsert(client: GhlClient, *, fields: dict[str, Any], lead_id: Any = None) -> dict:
    """Create or update the contact (matched by GHL on email/phone); tags are never sent here,
    because upsert's `tags` overwrites every tag the contact has (tags_add merges)."""
    body = {k: v for k, v in fields.items() if k != "tags"}
    body["locationId"] = client.location_id
    replay = {"kind": "sync_lead", "lead_id": str(lead_id)} if lead_id else {}
    response = client.request(
        "POST",
        "/contacts/upsert",
        api="contacts",
        json=body,
        call=Call(Op.CONTACT_UPSERT, lead_id=lead_id, replay=replay),
    )
    contact = response.json().get("contact") or {}
    if contact.get("id") and client.last_log is not None:
        client.last_log.contact_id = str(contact["id"])[:64]
        client.last_log.save(update_fields=["contact_id"])
    return contact


def contact_get(client: GhlClient, *, contact_id: str, lead_id: Any = None, max_wait=30.0) -> dict:
    """The contact as GHL has it now."""
    response = client.request(
        "GET",
        f"/contacts/{contact_id}",
        api="contacts",
        call=Call(Op.CONTACT_GET, lead_id=lead_id, contact_id=contact_id),
        max_wait=max_wait,
    )
    return response.json().get("contact") or {}


def contacts_changed_since(
    client: GhlClient, *, since: datetime, page_size: int = 100
) -> Iterator[list[dict]]:
    """Pages of contacts updated at or after `since`, oldest change first."""
    page, search_after = 1, None
    while True:
        body: dict[str, Any] = {
            "locationId": client.location_id,
            "pageLimit": page_size,
            "filters": [
                {"field": "dateUpdated", "operator": "range", "value": {"gte": ghl_time(since)}}
            ],
            "sort": [{"field": "dateUpdated", "direction": "asc"}],
        }
        if search_after:
            body["searchAfter"] = search_after
        else:
            body["page"] = page
        response = client.request(
            "POST", "/contacts/search", api="contacts", json=body, call=Call(Op.CONTACT_SEARCH)
        )
        contacts = response.json().get("contacts") or []
        if not contacts:
            return
        yield contacts
        if len(contacts) < page_size:
            return
        page, search_after = page + 1, contacts[-1].get("searchAfter")


def contact_delete(client: GhlClient, *, contact_id: str, lead_id: Any = None) -> None:
    """Delete the contact in GHL (already gone counts as done)."""
    client.request(
        "DELETE",
        f"/contacts/{contact_id}",
        api="contacts",
        call=Call(
            Op.CONTACT_DELETE,
            lead_id=lead_id,
            contact_id=contact_id,
            replay={"kind": "contact_delete", "contact_id": contact_id, "lead_id": str(lead_id)},
        ),
        ok_statuses=(404,),
    )


# --- tags and custom fields ------------------------------------------------------------------


def _tags(client: GhlClient, method: str, operation: str, contact_id: str, tags, lead_id) -> None:
    if tags:
        client.request(
            method,
            f"/contacts/{contact_id}/tags",
            api="contacts",
            json={"tags": sorted(tags)},
            call=Call(operation, lead_id=lead_id, contact_id=contact_id),
        )


def tags_add(client: GhlClient, *, contact_id: str, tags: list[str], lead_id: Any = None) -> None:
    """Add tags to the contact, keeping every tag it already has."""
    _tags(client, "POST", Op.TAGS_ADD, contact_id, tags, lead_id)


def tags_remove(client: GhlClient, *, contact_id: str, tags: list[str], lead_id: Any = None):
    """Remove these tags from the contact (others stay)."""
    _tags(client, "DELETE", Op.TAGS_REMOVE, contact_id, tags, lead_id)


def custom_field_ids(client: GhlClient, *, keys: list[str]) -> dict[str, str]:
    """GHL custom field id of each of our keys: from settings, else by fieldKey contact.<key>."""
    ids = {k: v for k, v in settings.GHL_CUSTOM_FIELD_IDS.items() if k in keys}
    missing = [k for k in keys if k not in ids]
    if not missing:
        return ids
    cache_key = f"ghl:custom-fields:{client.location_id}"
    known = cache.get(cache_key)
    if known is None:
        try:
            response = client.request(
                "GET",
                f"/locations/{client.location_id}/customFields",
                api="locations",
                call=Call(Op.CUSTOM_FIELDS),
            )
            fields = response.json().get("customFields") or []
        except GhlApiError:
            fields = []  # no access to the list: only the configured ids are used
        known = {
            str(f["fieldKey"]).removeprefix("contact."): str(f["id"])
            for f in fields
            if isinstance(f, dict) and f.get("fieldKey") and f.get("id")
        }
        cache.set(cache_key, known, CUSTOM_FIELDS_CACHE_SECONDS)
    ids.update({k: known[k] for k in missing if k in known})
    return ids


# --- texts: never twice ----------------------------------------------------------------------


@dataclass(frozen=True)
class SentText:
    """A text GHL has: its message id, its conversation, and whether we found it by checking."""

    message_id: str
    conversation_id: str
    verified: bool = False


@contextlib.contextmanager
def _send_lock(key: str):
    """One sender per idempotency key at a time, across processes (a session advisory lock:
    released with the connection if the worker dies)."""
    if connection.vendor != "postgresql":
        yield
        return
    digest = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [digest])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [digest])


def _attempts(key: str):
    return GhlSyncLog.objects.filter(
        idempotency_key=key, operation__in=[Op.SMS_SEND, Op.SMS_VERIFY]
    ).order_by("-created_at", "-pk")


def _delivered(attempt: GhlSyncLog) -> bool:
    """A send GHL accepted, or a check that found the text in GHL's conversation."""
    if attempt.operation == Op.SMS_SEND:
        return attempt.status == Status.OK
    return attempt.status == Status.OK and bool(attempt.external_id)


def _message_list(body: dict[str, Any]) -> list[dict[str, Any]]:
    inner = body.get("messages")
    if isinstance(inner, dict):
        inner = inner.get("messages")
    return [m for m in inner or [] if isinstance(m, dict)]


def _conversation_of(client: GhlClient, *, contact_id: str, call: Call) -> str:
    response = client.request(
        "GET",
        "/conversations/search",
        api="conversations",
        params={"locationId": client.location_id, "contactId": contact_id},
        call=call,
    )
    conversations = response.json().get("conversations") or []
    return str(conversations[0].get("id", "")) if conversations else ""


def _find_sent(
    client: GhlClient, *, contact_id: str, conversation_id: str, body: str, since: datetime, call
) -> SentText | None:
    """The text in GHL's conversation, if an earlier attempt did deliver it."""
    conversation_id = conversation_id or _conversation_of(client, contact_id=contact_id, call=call)
    if not conversation_id:
        return None  # no conversation with the contact at all: nothing went out
    response = client.request(
        "GET",
        f"/conversations/{conversation_id}/messages",
        api="conversations",
        params={"limit": 50},
        call=call,
    )
    for message in _message_list(response.json()):
        added = parse_datetime(str(message.get("dateAdded") or ""))
        if (
            str(message.get("direction", "")).lower() == "outbound"
            and (message.get("body") or "").strip() == body.strip()
            and (added is None or added >= since - VERIFY_SKEW)
        ):
            return SentText(str(message.get("id", "")), conversation_id, verified=True)
    return None


def sms_send(
    client: GhlClient,
    *,
    contact_id: str,
    body: str,
    idempotency_key: str,
    lead_id: Any = None,
    conversation_id: str = "",
    replay: dict[str, Any] | None = None,
) -> SentText:
    """Send a text once per idempotency key, whatever happens in between.

    A key already sent returns what was sent. After an attempt whose outcome is unknown (a
    timeout once the request was out, a 5xx, a worker killed mid-call), GHL's conversation is
    checked first: found, it is recorded and not sent again; the check itself failing raises
    (the caller retries later) rather than risk a second text.
    """
    call = Call(Op.SMS_SEND, lead_id, contact_id, idempotency_key, replay or {})
    with _send_lock(idempotency_key):
        attempts = list(_attempts(idempotency_key))
        done = next((a for a in attempts if _delivered(a)), None)
        if done is not None:
            return SentText(done.external_id, conversation_id)
        unsure = [a for a in attempts if a.status in (Status.STARTED, Status.AMBIGUOUS)]
        if unsure:
            verify = Call(Op.SMS_VERIFY, lead_id, contact_id, idempotency_key, replay or {})
            found = _find_sent(
                client,
                contact_id=contact_id,
                conversation_id=conversation_id,
                body=body,
                since=min(a.created_at for a in unsure),
                call=verify,
            )
            if found is not None:
                _record(client, found.message_id)
                return found
        response = client.request(
            "POST",
            "/conversations/messages",
            api="conversations",
            json={"type": "SMS", "contactId": contact_id, "message": body},
            call=call,
            idempotent=False,
        )
        data = response.json()
        sent = SentText(str(data.get("messageId") or ""), str(data.get("conversationId") or ""))
        _record(client, sent.message_id)
        return sent


def _record(client: GhlClient, message_id: str) -> None:
    """Stamp GHL's message id on the successful row, so the key counts as sent."""
    if client.last_log is not None:
        client.last_log.external_id = message_id[:64] or "sent"
        client.last_log.save(update_fields=["external_id"])


# --- handoff: opportunity or note ------------------------------------------------------------


def opportunity_create(
    client: GhlClient, *, contact_id: str, name: str, lead_id: Any = None
) -> dict:
    """An open opportunity in the configured pipeline for the contact."""
    response = client.request(
        "POST",
        "/opportunities/",
        api="opportunities",
        json={
            "locationId": client.location_id,
            "pipelineId": settings.GHL_PIPELINE_ID,
            "pipelineStageId": settings.GHL_PIPELINE_STAGE_ID,
            "contactId": contact_id,
            "name": name,
            "status": "open",
        },
        call=Call(Op.OPPORTUNITY_CREATE, lead_id=lead_id, contact_id=contact_id),
        idempotent=False,
    )
    return response.json().get("opportunity") or {}


def note_create(client: GhlClient, *, contact_id: str, body: str, lead_id: Any = None) -> dict:
    """A note on the contact (what a person picking the lead up should know)."""
    response = client.request(
        "POST",
        f"/contacts/{contact_id}/notes",
        api="contacts",
        json={"body": body},
        call=Call(Op.NOTE_CREATE, lead_id=lead_id, contact_id=contact_id),
        idempotent=False,
    )
    return response.json().get("note") or {}
