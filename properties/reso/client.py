"""RESO Web API client for the Property resource (OData paging, retries, timeouts).

Incremental pulls filter on ModificationTimestamp and follow @odata.nextLink until it is absent.
429 and 5xx responses and network timeouts are retried with exponential backoff, honouring
Retry-After; `sleep` is injectable so tests do not wait.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from properties.exceptions import MlsApiError, MlsApiTransientError

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}


def _odata_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _retry_after(response: httpx.Response) -> float | None:
    header = response.headers.get("Retry-After")
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(header) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _odata_error(response: httpx.Response) -> str:
    try:
        error = response.json().get("error", {})
        return f"{error.get('code', '')} {error.get('message', '')}".strip()[:200]
    except ValueError:
        return response.reason_phrase


class ResoClient:
    """Pull Property records from one RESO Web API server."""

    def __init__(
        self,
        *,
        base_url: str,
        token: str,
        page_size: int = 1000,
        timeout: float = 30.0,
        max_attempts: int = 6,
        backoff_base: float = 1.0,
        max_wait: float = 120.0,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.max_wait = max_wait
        self.sleep = sleep
        self.http = httpx.Client(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=10.0),
            transport=transport,
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ResoClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def properties(self, *, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        """Yield every Property modified after `since` (all when None), oldest first."""
        params: dict[str, Any] = {
            "$orderby": "ModificationTimestamp,ListingKey",
            "$top": self.page_size,
        }
        if since is not None:
            params["$filter"] = f"ModificationTimestamp gt {_odata_timestamp(since)}"
        url: str | None = f"{self.base_url}/Property"
        while url:
            page = self._get(url, params=params)
            yield from page.get("value", [])
            url, params = page.get("@odata.nextLink"), None

    def _get(self, url: str, *, params: dict[str, Any] | None) -> dict[str, Any]:
        for attempt in range(1, self.max_attempts + 1):
            wait = min(self.max_wait, self.backoff_base * 2 ** (attempt - 1))
            try:
                response = self.http.get(url, params=params)
            except httpx.TransportError as exc:  # timeouts, refused connections, resets
                reason = type(exc).__name__
            else:
                if response.status_code == 200:
                    return response.json()
                if response.status_code not in RETRY_STATUSES:
                    raise MlsApiError(
                        f"MLS API answered {response.status_code}: {_odata_error(response)}"
                    )
                reason = f"HTTP {response.status_code}"
                wait = min(self.max_wait, _retry_after(response) or wait)
            if attempt == self.max_attempts:
                raise MlsApiTransientError(f"MLS API still failing after {attempt} tries: {reason}")
            log.warning("MLS API %s; retry %d in %.1fs", reason, attempt, wait)
            self.sleep(wait)
        raise AssertionError("unreachable")
