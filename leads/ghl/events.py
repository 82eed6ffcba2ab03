"""Process stored webhook events in Celery, one contact at a time, through registered handlers.

leads handles the contact events itself (leads.ghl.handlers); apps above leads register their own
(bots: InboundMessage and OutboundMessage) from their AppConfig.ready, because leads may not
import them. A type nobody handles is kept and marked ignored (stored and acknowledged).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from leads.ghl.models import GhlWebhookEvent
from leads.models import Lead

log = logging.getLogger(__name__)
Status = GhlWebhookEvent.Status


@dataclass(frozen=True)
class EventContext:
    """What a handler gets: the stored event and its parsed body."""

    event: GhlWebhookEvent
    payload: dict[str, Any]

    @property
    def contact_id(self) -> str:
        return self.event.contact_id


Handler = Callable[[EventContext], Lead | None]  # returns the lead it touched, if any
_handlers: dict[str, Handler] = {}


def handler_register(event_type: str, handler: Handler) -> None:
    """Install the handler of one event type (a later registration replaces an earlier one)."""
    _handlers[event_type] = handler


def handler_for(event_type: str) -> Handler | None:
    """The registered handler of `event_type`, or None."""
    return _handlers.get(event_type)


def _contact_lock(key: str) -> None:
    """Hold a per-contact lock until the transaction ends (PostgreSQL advisory lock)."""
    if connection.vendor != "postgresql":
        return  # SQLite (the demo) runs one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('ghl-contact'), hashtext(%s))", [key])


def _error_text(exc: Exception) -> str:
    # The type and the stable code only: messages may quote a name or a phone number.
    code = getattr(exc, "code", "")
    return f"{type(exc).__name__}{f' {code}' if code else ''}"[:300]


def _process_one(event: GhlWebhookEvent) -> None:
    event.attempts += 1
    handler = handler_for(event.event_type)
    lead = None
    try:
        with transaction.atomic():
            if handler is not None:
                lead = handler(EventContext(event=event, payload=json.loads(event.payload)))
    except (OperationalError, InterfaceError):
        raise  # the database is in trouble, not the event: the whole batch is retried
    except Exception as exc:  # one bad event never blocks the contact's later ones
        log.warning("ghl event %s (%s) failed: %s", event.pk, event.event_type, _error_text(exc))
        event.status, event.error = Status.FAILED, _error_text(exc)
    else:
        event.status = Status.PROCESSED if handler is not None else Status.IGNORED
        event.error = ""
    event.lead_id = lead.pk if lead is not None else event.lead_id
    event.processed_at = timezone.now()
    event.save(update_fields=["status", "error", "attempts", "lead", "processed_at"])


def event_process(*, event_id: int, include_failed: bool = False) -> int:
    """Process the event and every earlier unprocessed event of its contact, in order.

    The per-contact lock makes a contact's events run one after another even across workers;
    taking the earlier ones first keeps their order when tasks arrive out of order. Returns how
    many events were processed. `include_failed` re-runs a failed event (the admin's replay).
    """
    event = GhlWebhookEvent.objects.filter(pk=event_id).first()
    if event is None:
        return 0
    statuses = [Status.RECEIVED, Status.FAILED] if include_failed else [Status.RECEIVED]
    with transaction.atomic():
        _contact_lock(event.contact_id or event.webhook_id)
        if event.contact_id:
            pending = GhlWebhookEvent.objects.filter(
                contact_id=event.contact_id,
                status=Status.RECEIVED,
                received_at__lte=event.received_at,
            ) | GhlWebhookEvent.objects.filter(pk=event.pk, status__in=statuses)
        else:
            pending = GhlWebhookEvent.objects.filter(pk=event.pk, status__in=statuses)
        batch = list(pending.select_for_update().order_by("received_at", "pk"))
        for item in batch:
            _process_one(item)
    return len(batch)


def events_requeue_candidates(*, older_than_seconds: int = 60, limit: int = 500) -> list[int]:
    """Ids of events stored but still unprocessed after a while (their task was lost)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        GhlWebhookEvent.objects.filter(status=Status.RECEIVED, received_at__lt=cutoff)
        .order_by("received_at")
        .values_list("pk", flat=True)[:limit]
    )


def events_purge(*, days: int) -> int:
    """Delete events older than `days` that were dealt with (failed ones stay for a person)."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = GhlWebhookEvent.objects.filter(
        received_at__lt=cutoff, status__in=[Status.PROCESSED, Status.IGNORED]
    ).delete()
    return deleted
