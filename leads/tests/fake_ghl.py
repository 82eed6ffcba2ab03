"""A small fake of GHL's API v2 over real HTTP on 127.0.0.1 (an ephemeral port), for tests that
need a server other processes can reach: contacts, tags, custom fields, conversations and
messages, notes, opportunities, OAuth refresh. Shapes follow GHL's docs (REFERENCE.md §1).

Every request is recorded (arrival time, method, path, headers, JSON body). Faults are queued
per method and path prefix: an HTTP status (with headers), or a delay before answering (the
work is done first, so a client that times out leaves the effect behind, as GHL would).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

VERSIONS = {"contacts": "2021-07-28", "conversations": "2021-04-15"}


@dataclass
class Recorded:
    at: float
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Fault:
    method: str
    prefix: str
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    body: Any = None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class FakeGhl:
    """The fake's state and its server; start() binds 127.0.0.1:0."""

    def __init__(self, *, token: str = "pit-test-token", location_id: str = "loc-test") -> None:
        self.token = token
        self.location_id = location_id
        self.contacts: dict[str, dict[str, Any]] = {}
        self.conversations: dict[str, dict[str, Any]] = {}  # id -> {contactId, messages: []}
        self.notes: list[dict[str, Any]] = []
        self.opportunities: list[dict[str, Any]] = []
        self.custom_fields = [
            {"id": f"cf-{key}", "name": key.title(), "fieldKey": f"contact.{key}"}
            for key in ("score", "temperature", "timeline_months", "budget", "intent")
        ]
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.oauth_refresh_token = ""
        self.rate_headers: dict[str, str] = {}
        self._ids = itertools.count(1)
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # --- lifecycle --------------------------------------------------------------------------

    def start(self) -> FakeGhl:
        fake = self

        class Handler(_Handler):
            ghl = fake

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    # --- test helpers -----------------------------------------------------------------------

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):06d}"

    def add_contact(self, **fields: Any) -> dict[str, Any]:
        contact = {
            "id": self.new_id("c"),
            "locationId": self.location_id,
            "tags": [],
            "dateAdded": _now(),
            "dateUpdated": _now(),
            **fields,
        }
        self.contacts[contact["id"]] = contact
        return contact

    def fail(self, method: str, prefix: str, status: int, *, times: int = 1, **kw: Any) -> None:
        self.faults.extend(Fault(method, prefix, status, **kw) for _ in range(times))

    def delay(self, method: str, prefix: str, seconds: float, *, times: int = 1) -> None:
        self.faults.extend(Fault(method, prefix, delay=seconds) for _ in range(times))

    def calls(self, method: str, prefix: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and r.path.startswith(prefix)]

    def texts_to(self, contact_id: str) -> list[dict[str, Any]]:
        return [
            m
            for c in self.conversations.values()
            if c["contactId"] == contact_id
            for m in c["messages"]
            if m["direction"] == "outbound"
        ]

    def take_fault(self, method: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method == method and path.startswith(fault.prefix):
                    self.faults.remove(fault)
                    return fault
        return None

    # --- the API ----------------------------------------------------------------------------

    def upsert(self, body: dict[str, Any]) -> tuple[int, Any]:
        match = next(
            (
                c
                for c in self.contacts.values()
                if (body.get("email") and c.get("email") == body["email"])
                or (body.get("phone") and c.get("phone") == body["phone"])
            ),
            None,
        )
        new = match is None
        contact = match or self.add_contact()
        for key, value in body.items():
            if key not in ("locationId", "customFields"):
                contact[key] = value  # like GHL: a `tags` list here would replace all tags
        if body.get("customFields"):
            current = {f["id"]: f for f in contact.get("customFields", [])}
            for f in body["customFields"]:
                current[f["id"]] = {"id": f["id"], "value": f.get("field_value")}
            contact["customFields"] = list(current.values())
        contact["dateUpdated"] = _now()
        return 200, {"new": new, "contact": contact, "traceId": self.new_id("t")}

    def search(self, body: dict[str, Any]) -> tuple[int, Any]:
        gte = ""
        for f in body.get("filters") or []:
            if f.get("field") == "dateUpdated":
                gte = f["value"]["gte"]
        found = sorted(
            (c for c in self.contacts.values() if c["dateUpdated"] >= gte),
            key=lambda c: (c["dateUpdated"], c["id"]),
        )
        size = int(body.get("pageLimit") or 20)
        if body.get("searchAfter"):
            after = tuple(body["searchAfter"])
            found = [c for c in found if (c["dateUpdated"], c["id"]) > after]
            page = found[:size]
        else:
            start = (int(body.get("page") or 1) - 1) * size
            page = found[start : start + size]
        return 200, {
            "contacts": [{**c, "searchAfter": [c["dateUpdated"], c["id"]]} for c in page],
            "total": len(found),
        }

    def send(self, body: dict[str, Any]) -> tuple[int, Any]:
        contact_id = body.get("contactId")
        if contact_id not in self.contacts:
            return 400, {"statusCode": 400, "message": "Contact not found"}
        conversation = next(
            (k for k, c in self.conversations.items() if c["contactId"] == contact_id), None
        )
        if conversation is None:
            conversation = self.new_id("conv")
            self.conversations[conversation] = {"contactId": contact_id, "messages": []}
        message = {
            "id": self.new_id("m"),
            "direction": "outbound",
            "body": body.get("message", ""),
            "messageType": f"TYPE_{body.get('type', 'SMS').upper()}",
            "contactId": contact_id,
            "conversationId": conversation,
            "dateAdded": _now(),
            "status": "pending",
        }
        self.conversations[conversation]["messages"].append(message)
        return 201, {
            "conversationId": conversation,
            "messageId": message["id"],
            "msg": "Message queued successfully.",
        }

    def route(self, method: str, path: str, query: dict, body: Any) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        if path == "/oauth/token" and method == "POST":
            return self._oauth(body)
        if parts[:2] == ["contacts", "upsert"] and method == "POST":
            return self.upsert(body)
        if parts[:2] == ["contacts", "search"] and method == "POST":
            return self.search(body)
        if parts[0] == "contacts" and len(parts) >= 2:
            return self._contact(method, parts, body)
        if parts[:1] == ["locations"] and parts[-1:] == ["customFields"]:
            return 200, {"customFields": self.custom_fields}
        if parts == ["conversations", "messages"] and method == "POST":
            return self.send(body)
        if parts == ["conversations", "search"] and method == "GET":
            contact_id = (query.get("contactId") or [""])[0]
            found = [
                {"id": k, "contactId": c["contactId"], "locationId": self.location_id}
                for k, c in self.conversations.items()
                if c["contactId"] == contact_id
            ]
            return 200, {"conversations": found, "total": len(found)}
        if parts[:1] == ["conversations"] and parts[-1:] == ["messages"] and method == "GET":
            conversation = self.conversations.get(parts[1])
            if conversation is None:
                return 404, {"statusCode": 404, "message": "Conversation not found"}
            messages = list(reversed(conversation["messages"]))
            last = messages[-1]["id"] if messages else None
            return 200, {
                "messages": {"lastMessageId": last, "nextPage": False, "messages": messages}
            }
        if parts == ["opportunities"] and method == "POST":
            opportunity = {"id": self.new_id("o"), **body}
            self.opportunities.append(opportunity)
            return 201, {"opportunity": opportunity}
        return 404, {"statusCode": 404, "message": f"no route {method} {path}"}

    def _contact(self, method: str, parts: list[str], body: Any) -> tuple[int, Any]:
        contact = self.contacts.get(parts[1])
        if contact is None:
            return 404, {"statusCode": 404, "message": "Contact not found"}
        if len(parts) == 2 and method == "GET":
            return 200, {"contact": contact}
        if len(parts) == 2 and method == "DELETE":
            del self.contacts[parts[1]]
            return 200, {"succeded": True}
        if parts[2:] == ["tags"] and method in ("POST", "DELETE"):
            tags = set(contact["tags"])
            tags = tags | set(body["tags"]) if method == "POST" else tags - set(body["tags"])
            contact["tags"] = sorted(tags)
            contact["dateUpdated"] = _now()
            return 200 if method == "DELETE" else 201, {"tags": contact["tags"]}
        if parts[2:] == ["notes"] and method == "POST":
            note = {"id": self.new_id("n"), "contactId": parts[1], "body": body.get("body")}
            self.notes.append(note)
            return 201, {"note": note}
        return 404, {"statusCode": 404, "message": "no such contact route"}

    def _oauth(self, form: dict[str, Any]) -> tuple[int, Any]:
        if form.get("refresh_token") != self.oauth_refresh_token:
            return 401, {"error": "invalid_grant"}
        self.token = self.new_id("access-")
        self.oauth_refresh_token = self.new_id("refresh-")
        return 200, {
            "access_token": self.token,
            "refresh_token": self.oauth_refresh_token,
            "expires_in": 86399,
            "token_type": "Bearer",
            "userType": "Location",
            "locationId": self.location_id,
        }


class _Handler(BaseHTTPRequestHandler):
    ghl: FakeGhl
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
            return {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        return json.loads(raw) if raw else None

    def _handle(self) -> None:
        arrived = time.monotonic()
        parsed = urlparse(self.path)
        body = self._body()
        ghl = self.ghl
        with ghl.lock:
            ghl.requests.append(
                Recorded(arrived, self.command, parsed.path, dict(self.headers), body)
            )
        fault = ghl.take_fault(self.command, parsed.path)
        if fault is not None and fault.status:
            self._answer(fault.status, fault.body or {"statusCode": fault.status}, fault.headers)
            return
        if (
            parsed.path != "/oauth/token"
            and self.headers.get("Authorization") != f"Bearer {ghl.token}"
        ):
            self._answer(401, {"statusCode": 401, "message": "Invalid JWT"})
            return
        with ghl.lock:
            status, payload = ghl.route(self.command, parsed.path, parse_qs(parsed.query), body)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)  # the work is done: a client that gives up leaves it behind
        self._answer(status, payload, ghl.rate_headers)

    def _answer(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        raw = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client timed out and left

    do_GET = do_POST = do_DELETE = do_PUT = _handle
