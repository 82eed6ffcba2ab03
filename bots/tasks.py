"""Celery interface for bots: the turn of an inbound message, and the sending of prepared texts.

`run_turn` is named as DESIGN.md says. The reply engine (intent decoder, lead/buyer/seller bots)
is not built yet; until it is, a turn sends the replies the inbound step already prepared (HELP,
START, the one opt-out confirmation) and leaves ordinary messages unanswered, for a person to
see in the admin transcript.
"""

from __future__ import annotations

import logging

from celery import shared_task

from leads.ghl.exceptions import GhlTransientError
from leads.ghl.tasks import requeue_once

log = logging.getLogger(__name__)


def _countdown(exc: GhlTransientError, retries: int) -> float:
    return exc.retry_after if exc.retry_after else min(900, 15 * 2**retries)


@shared_task(bind=True, acks_late=True, max_retries=20)
def message_deliver_task(self, *, message_id: int) -> str:
    """Send one prepared text (never twice: see bots.delivery.message_deliver)."""
    from bots.delivery import message_deliver

    try:
        return message_deliver(message_id=message_id)
    except GhlTransientError as exc:
        raise self.retry(exc=exc, countdown=_countdown(exc, self.request.retries))


@shared_task(acks_late=True)
def run_turn(*, message_id: int) -> list[str]:
    """The turn of one inbound message: send the replies prepared for it (see module doc)."""
    from bots.delivery import message_deliver, replies_pending

    statuses = []
    for reply_id in replies_pending(inbound_message_id=message_id):
        try:
            statuses.append(message_deliver(message_id=reply_id))
        except GhlTransientError as exc:  # retried on its own, not by re-running the turn
            message_deliver_task.apply_async(
                kwargs={"message_id": reply_id}, countdown=_countdown(exc, 0)
            )
            statuses.append("retrying")
    return statuses


@shared_task(acks_late=True)
def messages_deliver_due_task() -> int:
    """Queue the texts whose send window opened, and queued ones whose task was lost."""
    from bots.delivery import messages_due
    from leads.ghl.channel import GhlSmsChannel

    if not GhlSmsChannel.available():
        return 0
    due = [m for m in messages_due() if requeue_once(f"message:{m}", seconds=300)]
    for message_id in due:
        message_deliver_task.apply_async(kwargs={"message_id": message_id})
    return len(due)
