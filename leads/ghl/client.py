"""The GHL HTTP client (httpx): authentication, the Version header, timeouts, the shared rate
limit, retries with backoff and jitter, and one GhlSyncLog row per attempt (no PII).

Retried: 429, 5xx and connection failures, up to GHL_MAX_ATTEMPTS, waiting Retry-After when
GHL gives one, else an exponential backoff with full jitter. A wait longer than
GHL_RETRY_MAX_SECONDS is not slept through: GhlTransientError carries it to the Celery task,
which reschedules. Other 4xx raise GhlApiError at once. A call that is not idempotent (sending
a text) is never retried here once the request may have reached GHL: it raises
GhlAmbiguousSendError and leads.ghl.operations checks with GHL before any resend.
"""

from __future__ import annotations

import email.utils
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from django.db import transaction
from django.utils import timezone

from leads.ghl.conf import GhlConfig, ghl_config
from leads.ghl.exceptions import (
    GhlAmbiguousSendError,
    GhlApiError,
    GhlNotConfiguredError,
    GhlTransientError,
)
from leads.ghl.models import GhlOAuthToken, GhlSyncLog
from leads.ghl.ratelimit import RateLimiter

log = logging.getLogger(__name__)
Status = GhlSyncLog.Status
# Sent before the request left: safe to send again whatever the operation.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_DIGITS = re.compile(r"\+?\(?\d[\d\s().-]{5,}\d")


@dataclass
class Call:
    """Who a call is for, for the log: operation, lead, contact, replay recipe."""

    operation: str
    lead_id: Any = None
    contact_id: str = ""
    idempotency_key: str = ""
    replay: dict[str, Any] = field(default_factory=dict)


def scrub(text: str) -> str:
    """Drop emails and phone-like digit runs from an error text before it is stored."""
    return _DIGITS.sub("[number]", _EMAIL.sub("[email]", text or ""))[:200]


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class GhlClient:
    """Calls to GHL for one location. Use as a context manager, or call close()."""

    def __init__(
        self,
        config: GhlConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        limiter: RateLimiter | None = None,
    ) -> None:
        self.config = config or ghl_config()
        if not self.config.configured:
            raise GhlNotConfiguredError("GHL is not configured (GHL_LOCATION_ID, GHL_API_TOKEN).")
        self.sleep = sleep
        self.last_log: GhlSyncLog | None = None  # the row of the last successful attempt
        self.limiter = limiter or RateLimiter.for_config(self.config, sleep=sleep)
        self.http = httpx.Client(
            base_url=self.config.base_url,
            timeout=httpx.Timeout(self.config.timeout, connect=self.config.connect_timeout),
            headers={"Accept": "application/json"},
            transport=transport,
        )

    def __enter__(self) -> GhlClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.http.close()

    @property
    def location_id(self) -> str:
        return self.config.location_id

    # --- one call ---------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        api: str,
        call: Call,
        json: Any = None,
        params: dict[str, Any] | None = None,
        idempotent: bool = True,
        max_wait: float = 30.0,
        ok_statuses: tuple[int, ...] = (),
    ) -> httpx.Response:
        """Make one logical call (several attempts at most) and return the 2xx response."""
        refreshed = False
        attempt = 0
        while True:
            attempt += 1
            self.limiter.take(max_wait=max_wait)
            row = self._log_start(call, attempt)
            started = time.perf_counter()
            try:
                response = self.http.request(
                    method, path, json=json, params=params, headers=self._headers(api)
                )
            except httpx.HTTPError as exc:
                self._on_transport_error(exc, row, started, attempt, idempotent)
                self._backoff(attempt, None)
                continue
            self.limiter.observe(response.headers)
            status = response.status_code
            if 200 <= status < 300 or status in ok_statuses:
                self._log_end(row, started, Status.OK, response=response)
                self.last_log = row
                return response
            if status == 401 and self.config.uses_oauth and not refreshed:
                self._log_end(row, started, Status.RETRYING, response=response)
                self._refresh_token(stale=self._current_token())
                refreshed = True
                continue
            self._on_error_status(response, row, started, attempt, idempotent)

    def _on_transport_error(
        self, exc: httpx.HTTPError, row: GhlSyncLog, started: float, attempt: int, idem: bool
    ) -> None:
        reason = type(exc).__name__
        if not idem and not isinstance(exc, NOT_SENT):
            self._log_end(row, started, Status.AMBIGUOUS, error=reason)
            raise GhlAmbiguousSendError(f"GHL did not answer ({reason}); it may have got it")
        if attempt >= self.config.max_attempts:
            self._log_end(row, started, Status.FAILED, error=reason)
            raise GhlTransientError(f"GHL unreachable after {attempt} attempts ({reason})")
        self._log_end(row, started, Status.RETRYING, error=reason)

    def _on_error_status(
        self, response: httpx.Response, row: GhlSyncLog, started: float, attempt: int, idem: bool
    ) -> None:
        status = response.status_code
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if status == 429:
            self.limiter.pause(wait if wait is not None else self.config.retry_base)
        elif status < 500:
            self._log_end(row, started, Status.FAILED, response=response)
            raise GhlApiError(f"GHL refused the call (HTTP {status}).", http_status=status)
        elif not idem:  # a 5xx after a send: GHL may have queued it anyway
            self._log_end(row, started, Status.AMBIGUOUS, response=response)
            raise GhlAmbiguousSendError(f"GHL answered {status} to a send; checking before resend")
        if attempt >= self.config.max_attempts:
            self._log_end(row, started, Status.FAILED, response=response)
            raise GhlTransientError(f"GHL answered {status} {attempt} times", retry_after=wait)
        self._log_end(row, started, Status.RETRYING, response=response)
        self._backoff(attempt, wait)

    def _backoff(self, attempt: int, retry_after: float | None) -> None:
        """Wait before the next attempt: Retry-After, else exponential backoff, full jitter."""
        delay = (
            retry_after
            if retry_after is not None
            else random.uniform(0, self.config.retry_base * 2 ** (attempt - 1))
        )
        if delay > self.config.retry_max:
            raise GhlTransientError(f"GHL asked to wait {delay:.0f} s", retry_after=delay)
        self.sleep(delay)

    # --- authentication ---------------------------------------------------------------------

    def _headers(self, api: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._current_token()}",
            "Version": self.config.versions[api],
        }

    def _current_token(self) -> str:
        if not self.config.uses_oauth:
            return self.config.token
        row = GhlOAuthToken.objects.filter(location_id=self.location_id).first()
        if row is None or not row.access_token:
            return self._refresh_token(stale="")
        return row.access_token

    def _refresh_token(self, *, stale: str) -> str:
        """Swap the refresh token for new tokens, once across all workers (row lock)."""
        with transaction.atomic():
            row, _ = GhlOAuthToken.objects.select_for_update().get_or_create(
                location_id=self.location_id,
                defaults={"refresh_token": self.config.oauth_refresh_token},
            )
            if row.access_token and row.access_token != stale:
                return row.access_token  # another worker refreshed meanwhile
            call = Call(operation=GhlSyncLog.Operation.OAUTH_REFRESH)
            log_row = self._log_start(call, 1)
            started = time.perf_counter()
            response = self.http.post(
                "/oauth/token",
                data={
                    "client_id": self.config.oauth_client_id,
                    "client_secret": self.config.oauth_client_secret,
                    "grant_type": "refresh_token",
                    "refresh_token": row.refresh_token,
                    "user_type": "Location",
                },
            )
            if response.status_code != 200:
                self._log_end(log_row, started, Status.FAILED, response=response)
                raise GhlApiError(
                    "GHL refused the OAuth refresh.", http_status=response.status_code
                )
            self._log_end(log_row, started, Status.OK, response=response)
            data = response.json()
            row.access_token = data["access_token"]
            row.refresh_token = data.get("refresh_token") or row.refresh_token
            expires = data.get("expires_in")
            row.expires_at = timezone.now() + timedelta(seconds=expires) if expires else None
            row.save()
            return row.access_token

    # --- the log ----------------------------------------------------------------------------

    def _log_start(self, call: Call, attempt: int) -> GhlSyncLog:
        """Written (and committed) before the request leaves: a crash leaves 'started'."""
        return GhlSyncLog.objects.create(
            lead_id=call.lead_id,
            operation=call.operation,
            status=Status.STARTED,
            attempt=attempt,
            contact_id=call.contact_id,
            idempotency_key=call.idempotency_key,
            replay=call.replay,
        )

    def _log_end(
        self,
        row: GhlSyncLog,
        started: float,
        status: str,
        *,
        response: httpx.Response | None = None,
        error: str = "",
    ) -> None:
        row.status = status
        row.latency_ms = int((time.perf_counter() - started) * 1000)
        if response is not None:
            row.http_status = response.status_code
            body = _json_or_empty(response)
            row.trace_id = str(body.get("traceId", ""))[:64]
            if response.status_code >= 300:
                error = (
                    error or f"HTTP {response.status_code} {scrub(str(body.get('message', '')))}"
                )
        row.error = error.strip()[:300]
        row.save(update_fields=["status", "latency_ms", "http_status", "trace_id", "error"])


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
