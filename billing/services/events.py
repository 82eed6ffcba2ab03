"""Stripe webhook events: verify, store once by id, then process (and retry) from the table.

The view only verifies and stores; processing runs after the row is committed (a Celery task,
and a sweep every minute for anything the queue lost). A failure in our code is kept on the row
with the next attempt time, so it is retried by us whatever Stripe does, and a broker can see
and replay it in the admin.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from billing.exceptions import PaymentsNotConfiguredError, WebhookRefusedError
from billing.models import StripeEvent
from billing.services import handlers

log = logging.getLogger(__name__)
TOLERANCE_SECONDS = 300
MAX_ATTEMPTS = 12
SWEEP_GRACE = timedelta(seconds=30)  # leave fresh events to the task the webhook enqueued


@dataclass(frozen=True)
class Receipt:
    event: StripeEvent
    created: bool


def _refuse(code: str, message: str) -> WebhookRefusedError:
    log.warning("stripe webhook refused: %s", code)
    return WebhookRefusedError(message, code=code)


def stripe_event_verify(*, payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event in a body whose Stripe-Signature is valid and fresh; else WebhookRefusedError.

    Signature scheme v1: HMAC-SHA256(STRIPE_WEBHOOK_SECRET, "<t>.<raw body>") in hex, at most
    300 s old. Checked by stripe's own WebhookSignature, first without and then with the
    tolerance, so a stale but genuine delivery is told apart from a forged one.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:  # 503: Stripe keeps retrying until the secret is set
        log.error("stripe webhook refused: STRIPE_WEBHOOK_SECRET is not set")
        raise PaymentsNotConfiguredError("STRIPE_WEBHOOK_SECRET is not set.")
    if not signature:
        raise _refuse("SIGNATURE_MISSING", "The Stripe-Signature header is missing.")
    verify = stripe.WebhookSignature.verify_header
    try:
        verify(payload, signature, secret, tolerance=None)
    except (stripe.SignatureVerificationError, UnicodeDecodeError):
        raise _refuse("SIGNATURE_INVALID", "The Stripe-Signature does not match this body.")
    try:
        verify(payload, signature, secret, tolerance=TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError:
        raise _refuse(
            "SIGNATURE_STALE",
            f"The Stripe-Signature timestamp is more than {TOLERANCE_SECONDS} s old.",
        )
    try:
        event = json.loads(payload)
    except ValueError:
        event = None
    if not _well_formed(event):
        raise _refuse("PAYLOAD_INVALID", "The body is not a Stripe event.")
    return event


def _well_formed(event: Any) -> bool:
    return (
        isinstance(event, dict)
        and isinstance(event.get("id"), str)
        and 0 < len(event["id"]) <= 255
        and isinstance(event.get("type"), str)
        and 0 < len(event["type"]) <= 100
    )


def stripe_event_store(*, event: dict[str, Any]) -> Receipt:
    """Store the event once by its id; a replay returns the stored row and changes nothing.

    After commit the processing task is queued (the minute sweep covers a lost queue).
    """
    try:
        with transaction.atomic():
            row, created = StripeEvent.objects.get_or_create(
                event_id=event["id"],
                defaults={
                    "type": event["type"],
                    "payload": event,
                    "livemode": bool(event.get("livemode")),
                },
            )
    except IntegrityError:  # the same event delivered twice at the same moment
        row, created = StripeEvent.objects.get(event_id=event["id"]), False
    if created:
        transaction.on_commit(lambda: _enqueue(row.event_id))
    return Receipt(event=row, created=created)


def _enqueue(event_id: str) -> None:
    from billing.tasks import stripe_event_process_task

    try:
        stripe_event_process_task.delay(event_id=event_id)
    except Exception:  # the broker is down: the row is stored, the sweep will process it
        log.warning("could not queue stripe event %s; the sweep will process it", event_id)


def _backoff(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** (attempts - 1), 360))


def _record_failure(row: StripeEvent, exc: Exception, now: datetime) -> None:
    row.attempts += 1
    row.error = f"{type(exc).__name__}: {exc}"[:2000]
    row.next_attempt_at = now + _backoff(row.attempts) if row.attempts < MAX_ATTEMPTS else None
    row.save(update_fields=["attempts", "error", "next_attempt_at"])


def stripe_event_process(*, event_id: str, now: datetime | None = None) -> StripeEvent:
    """Act on a stored event once: update its Payment (or Refund), or note it is not ours.

    Idempotent (a processed event is left alone) and serialised per event by a row lock. An
    exception rolls back what the handler did and is recorded on the row for the next attempt.
    """
    now = now or timezone.now()
    with transaction.atomic():
        row = StripeEvent.objects.select_for_update().get(event_id=event_id)
        if row.processed_at is not None:
            return row
        try:
            with transaction.atomic():
                result = handlers.handle(row.type, row.payload)
        except Exception as exc:
            log.warning(
                "stripe event %s (%s) failed: %s", row.event_id, row.type, type(exc).__name__
            )
            _record_failure(row, exc, now)
            return row
        row.processed_at, row.error, row.next_attempt_at = now, "", None
        row.outcome, row.payment = result.outcome[:100], result.payment
        row.attempts += 1
        row.save(
            update_fields=[
                "processed_at",
                "error",
                "next_attempt_at",
                "outcome",
                "payment",
                "attempts",
            ]
        )
    return row


def stripe_events_due(*, now: datetime | None = None, limit: int = 500) -> list[str]:
    """Ids of stored events still to process whose next attempt is due."""
    now = now or timezone.now()
    qs = StripeEvent.objects.filter(processed_at__isnull=True, received_at__lte=now - SWEEP_GRACE)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    qs = qs.exclude(attempts__gte=MAX_ATTEMPTS).filter(due)
    return list(qs.order_by("received_at").values_list("event_id", flat=True)[:limit])


def stripe_events_retry_due(*, now: datetime | None = None) -> int:
    """Process every due event (the minute sweep); return how many were processed now."""
    done = 0
    for event_id in stripe_events_due(now=now):
        row = stripe_event_process(event_id=event_id, now=now)
        done += row.processed_at is not None
    return done


def stripe_event_replay(*, events: Iterable[StripeEvent]) -> int:
    """A broker's "process again": run each unprocessed event now; return how many succeeded."""
    done = 0
    for event in events:
        if event.processed_at is None:
            done += stripe_event_process(event_id=event.event_id).processed_at is not None
    return done
