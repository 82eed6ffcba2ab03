"""Celery interface for leads: broadcast offers whose claim window ran out are re-offered."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def offers_expire_task() -> int:
    """Every minute (beat): re-offer broadcasts nobody claimed in time; how many."""
    from leads.routing.offers import offers_expire

    return offers_expire()
