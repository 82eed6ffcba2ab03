"""A text channel over GHL, for the apps that send texts (bots): send once per idempotency key.

Shaped like a channel seam (`name`, `send(...)`): bots picks it for SMS conversations. Errors:
GhlApiError (GHL refused: do not retry), GhlTransientError and its subclasses (try later; a
text whose outcome was unknown is checked with GHL before any resend).
"""

from __future__ import annotations

from typing import Any

from leads.ghl import operations
from leads.ghl.client import GhlClient
from leads.ghl.conf import ghl_config
from leads.ghl.operations import SentText

__all__ = ["GhlSmsChannel", "SentText"]


class GhlSmsChannel:
    """Texts through GHL's conversations API (type SMS)."""

    name = "ghl_sms"

    def __init__(self, client: GhlClient | None = None) -> None:
        self._client = client

    @staticmethod
    def available() -> bool:
        """True when GHL is configured (a location and a token)."""
        return ghl_config().configured

    def send(
        self,
        *,
        idempotency_key: str,
        contact_id: str,
        body: str,
        lead_id: Any = None,
        conversation_id: str = "",
        replay: dict[str, Any] | None = None,
    ) -> SentText:
        """Send `body` to the contact unless this key was sent already; what GHL has."""
        client = self._client or GhlClient()
        try:
            return operations.sms_send(
                client,
                contact_id=contact_id,
                body=body,
                idempotency_key=idempotency_key,
                lead_id=lead_id,
                conversation_id=conversation_id,
                replay=replay,
            )
        finally:
            if self._client is None:
                client.close()
