"""Compliance writes. compliance depends on no other app: callers pass ids and plain values."""

from __future__ import annotations

from typing import Any

from compliance.models import AccessLog


def access_record(
    *,
    user: Any,
    action: str,
    surface: str,
    object_type: str = "leads.lead",
    object_id: str = "",
    count: int = 1,
) -> AccessLog:
    """Record who read (or listed/exported `count` of) which object, through which surface."""
    return AccessLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        action=action,
        surface=surface,
        object_type=object_type,
        object_id=str(object_id),
        count=count,
    )
