"""Publish small live events to Channels groups, after the surrounding transaction commits."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

log = logging.getLogger(__name__)


def publish(group: str, event: str, payload: dict[str, Any]) -> None:
    """Send `event` with `payload` to every socket in `group` now; never raise into callers."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group, {"type": "live.event", "event": event, "payload": payload}
        )
    except Exception:  # live pages are best-effort; the write already happened
        log.warning("live event %s to %s not delivered", event, group, exc_info=True)


def publish_on_commit(group: str, event: str, payload: dict[str, Any]) -> None:
    """Publish once the current transaction commits (immediately outside one)."""
    transaction.on_commit(lambda: publish(group, event, payload))
