"""A stateful stand-in for api.stripe.com behind respx, for the real `stripe` library.

stripe-python (on stripe.HTTPXClient) sends its real form-encoded requests; this answers with
JSON shaped like Stripe's API (version 2026-10-28): Checkout Sessions, PaymentIntents, charges,
refunds, lists with cursor pagination, error bodies, and Idempotency-Key replay. Helpers play the
customer's side (paying, a bank payment failing) and build the events Stripe would deliver,
signed with the real scheme t=<ts>,v1=HMAC-SHA256(secret, "<ts>.<body>").
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import time
from typing import Any
from urllib.parse import parse_qsl

import httpx
import respx

API = "https://api.stripe.com"
_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    return f"{prefix}_test_{next(_ids):06d}Fk3Xq"


def sign(payload: bytes, secret: str, *, timestamp: int | None = None) -> str:
    """The Stripe-Signature header for `payload`, computed as Stripe documents it."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def _nested(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Decode Stripe's form encoding (a[b][0][c]=v) into nested dicts ("0" keys for lists)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = re.findall(r"[^\[\]]+", key)
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _list(value: Any) -> list[Any]:
    return [value[k] for k in sorted(value, key=int)] if isinstance(value, dict) else []


class FakeStripe:
    """Stripe's state for one test, and the requests stripe-python made."""

    def __init__(self, router: respx.MockRouter) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.intents: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.refunds: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []
        self.failures: list[tuple[int, dict[str, Any]]] = []  # next answers, first in first out
        self._replays: dict[str, httpx.Response] = {}
        self.clock = int(time.time())
        router.route(host="api.stripe.com").mock(side_effect=self._dispatch)

    # --- the API -----------------------------------------------------------------------------
    def fail_next(self, status: int, *, kind: str, code: str, message: str) -> None:
        """Make the next request fail as Stripe would (error body, status)."""
        self.failures.append((status, {"type": kind, "code": code, "message": message}))

    def _dispatch(self, request: httpx.Request) -> httpx.Response:
        form = _nested(parse_qsl(request.content.decode(), keep_blank_values=True))
        query = _nested(parse_qsl(request.url.query.decode(), keep_blank_values=True))
        key = request.headers.get("Idempotency-Key", "")
        self.requests.append(
            {
                "method": request.method,
                "path": request.url.path,
                "params": form if request.method == "POST" else query,
                "idempotency_key": key,
                "auth": request.headers.get("Authorization", ""),
            }
        )
        if key and key in self._replays:  # Stripe replays the first answer for a key
            return self._replays[key]
        response = self._answer(request.method, request.url.path, form, query)
        if key and request.method == "POST":
            self._replays[key] = response
        return response

    def _answer(self, method: str, path: str, form: dict, query: dict) -> httpx.Response:
        if self.failures:
            status, error = self.failures.pop(0)
            return self._json({"error": {**error, "request_log_url": "https://dashboard"}}, status)
        routes = [
            ("POST", r"/v1/checkout/sessions", lambda m: self._session_create(form)),
            ("GET", r"/v1/checkout/sessions", lambda m: self._page(self.sessions, query)),
            ("POST", r"/v1/checkout/sessions/([^/]+)/expire", lambda m: self._expire(m[1])),
            ("GET", r"/v1/payment_intents/([^/]+)", lambda m: self._intent_get(m[1], query)),
            ("POST", r"/v1/refunds", lambda m: self._refund_create(form)),
            ("GET", r"/v1/refunds", lambda m: self._page(self.refunds, query)),
        ]
        for verb, pattern, handler in routes:
            match = re.fullmatch(pattern, path)
            if verb == method and match:
                return handler(match)
        return self._error(404, "invalid_request_error", "resource_missing", f"No route {path}")

    def _json(self, body: dict[str, Any], status: int = 200) -> httpx.Response:
        headers = {"Request-Id": new_id("req"), "Stripe-Version": "2026-10-28.endive"}
        return httpx.Response(status, json=body, headers=headers)

    def _error(self, status: int, kind: str, code: str, message: str) -> httpx.Response:
        return self._json({"error": {"type": kind, "code": code, "message": message}}, status)

    def _session_create(self, form: dict[str, Any]) -> httpx.Response:
        item = _list(form["line_items"])[0]
        amount = int(item["price_data"]["unit_amount"]) * int(item["quantity"])
        session_id = new_id("cs")
        self.clock += 1
        session = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": amount,
            "amount_total": amount,
            "cancel_url": form["cancel_url"],
            "client_reference_id": form.get("client_reference_id"),
            "created": self.clock,
            "currency": item["price_data"]["currency"],
            "customer": None,
            "customer_email": form.get("customer_email"),
            "expires_at": self.clock + 86400,
            "livemode": False,
            "metadata": form.get("metadata", {}),
            "mode": form["mode"],
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "success_url": form["success_url"],
            "url": f"https://checkout.stripe.com/c/pay/{session_id}#fidkdWxOYHwnPyd1blpxYHZxWjA0",
            "_intent_metadata": form.get("payment_intent_data", {}).get("metadata", {}),
        }
        self.sessions[session_id] = session
        return self._json(self._public(session))

    def _expire(self, session_id: str) -> httpx.Response:
        session = self.sessions.get(session_id)
        if session is None:
            return self._error(404, "invalid_request_error", "resource_missing", "No such session")
        if session["status"] != "open":
            return self._error(400, "invalid_request_error", "checkout_session_expired", "Not open")
        session["status"] = "expired"
        return self._json(self._public(session))

    def _intent_get(self, intent_id: str, query: dict[str, Any]) -> httpx.Response:
        intent = self.intents.get(intent_id)
        if intent is None:
            return self._error(404, "invalid_request_error", "resource_missing", "No such intent")
        return self._json(self._expand(intent, _list(query.get("expand", {}))))

    def _refund_create(self, form: dict[str, Any]) -> httpx.Response:
        intent = self.intents.get(form["payment_intent"])
        if intent is None:
            return self._error(400, "invalid_request_error", "resource_missing", "No such intent")
        charge = self.charges[intent["latest_charge"]]
        amount = int(form.get("amount") or charge["amount"] - charge["amount_refunded"])
        if amount > charge["amount"] - charge["amount_refunded"]:
            return self._error(
                400, "invalid_request_error", "charge_already_refunded", "Refund exceeds charge"
            )
        refund = self.refund(intent["id"], amount, reason=form.get("reason"))
        refund["metadata"] = form.get("metadata", {})
        return self._json(refund)

    def _page(self, table: dict[str, dict[str, Any]], query: dict[str, Any]) -> httpx.Response:
        since = int(query.get("created", {}).get("gte", 0))
        rows = sorted(
            (r for r in table.values() if r["created"] >= since),
            key=lambda r: (r["created"], r["id"]),
            reverse=True,
        )
        if "starting_after" in query:
            ids = [r["id"] for r in rows]
            rows = rows[ids.index(query["starting_after"]) + 1 :]
        limit = int(query.get("limit", 10))
        expand = [e.removeprefix("data.") for e in _list(query.get("expand", {}))]
        data = [self._expand(r, expand) for r in rows[:limit]]
        return self._json(
            {"object": "list", "data": data, "has_more": len(rows) > limit, "url": "/v1/list"}
        )

    def _expand(self, obj: dict[str, Any], paths: list[str]) -> dict[str, Any]:
        out = self._public(obj)
        for path in paths:
            head, _, rest = path.partition(".")
            value = out.get(head)
            table = {"payment_intent": self.intents, "latest_charge": self.charges}.get(head, {})
            if isinstance(value, str) and value in table:
                out[head] = self._expand(table[value], [rest] if rest else [])
        return out

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    # --- the customer's side, and what Stripe then holds --------------------------------------
    def pay(self, session_id: str) -> dict[str, Any]:
        """The customer pays by card: a succeeded PaymentIntent and charge; returns the session."""
        session = self.sessions[session_id]
        self.clock += 1
        intent_id, charge_id = new_id("pi"), new_id("ch")
        self.charges[charge_id] = {
            "id": charge_id,
            "object": "charge",
            "amount": session["amount_total"],
            "amount_captured": session["amount_total"],
            "amount_refunded": 0,
            "captured": True,
            "created": self.clock,
            "currency": session["currency"],
            "livemode": False,
            "metadata": {},
            "paid": True,
            "payment_intent": intent_id,
            "refunded": False,
            "status": "succeeded",
        }
        self.intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": session["amount_total"],
            "amount_received": session["amount_total"],
            "created": self.clock,
            "currency": session["currency"],
            "last_payment_error": None,
            "latest_charge": charge_id,
            "livemode": False,
            "metadata": session["_intent_metadata"],
            "status": "succeeded",
        }
        session.update(payment_intent=intent_id, payment_status="paid", status="complete")
        return self._public(session)

    def decline(self, session_id: str) -> dict[str, Any]:
        """A card is declined on the Checkout page: the PaymentIntent asks for another method."""
        session = self.sessions[session_id]
        intent_id = new_id("pi")
        self.intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": session["amount_total"],
            "amount_received": 0,
            "created": self.clock,
            "currency": session["currency"],
            "last_payment_error": {
                "type": "card_error",
                "code": "card_declined",
                "decline_code": "insufficient_funds",
                "message": "Your card has insufficient funds.",
            },
            "latest_charge": None,
            "livemode": False,
            "metadata": session["_intent_metadata"],
            "status": "requires_payment_method",
        }
        session["payment_intent"] = intent_id
        return self._public(self.intents[intent_id])

    def refund(self, intent_id: str, amount: int, *, reason: str | None = None) -> dict[str, Any]:
        """A refund at Stripe (from our API call or the dashboard); returns the refund."""
        intent = self.intents[intent_id]
        charge = self.charges[intent["latest_charge"]]
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
        self.clock += 1
        refund_id = new_id("re")
        self.refunds[refund_id] = {
            "id": refund_id,
            "object": "refund",
            "amount": amount,
            "charge": charge["id"],
            "created": self.clock,
            "currency": charge["currency"],
            "metadata": {},
            "payment_intent": intent_id,
            "reason": reason,
            "status": "succeeded",
        }
        return self.refunds[refund_id]

    def charge_for(self, intent_id: str) -> dict[str, Any]:
        return dict(self.charges[self.intents[intent_id]["latest_charge"]])

    # --- events -------------------------------------------------------------------------------
    def event(self, event_type: str, obj: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """An event as Stripe delivers it (snapshot of the object at that moment)."""
        self.clock += 1
        return {
            "id": new_id("evt"),
            "object": "event",
            "api_version": "2026-10-28.endive",
            "created": self.clock,
            "data": {"object": json.loads(json.dumps(self._public(obj)))},
            "livemode": False,
            "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None},
            "type": event_type,
            **extra,
        }
