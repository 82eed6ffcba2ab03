"""Shared plumbing for management commands."""

from __future__ import annotations

from datetime import UTC, datetime

from django.core.management.base import CommandError


def parse_since(value: str | None, *, flag: str = "--since") -> datetime | None:
    """An ISO 8601 date or timestamp (UTC when it has no offset); a one-line error otherwise."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{flag} {value!r} is not an ISO 8601 date or timestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
