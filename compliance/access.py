"""Reads over the access log (who read which lead), for the admin and for exports."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, QuerySet, Sum

from compliance.models import AccessLog


def access_log_list(
    *,
    object_id: str | None = None,
    user_id: int | None = None,
    since: datetime | None = None,
    object_type: str = "leads.lead",
) -> QuerySet[AccessLog]:
    """Access rows, newest first, narrowed by object, user and time."""
    qs = AccessLog.objects.select_related("user").filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if user_id:
        qs = qs.filter(user_id=user_id)
    if since:
        qs = qs.filter(at__gte=since)
    return qs.order_by("-at")


def access_log_summary_by_user(*, since: datetime) -> list[dict[str, Any]]:
    """Per user and action: how many requests and how many records they covered."""
    rows = (
        AccessLog.objects.filter(at__gte=since)
        .values("user_id", "user__username", "action")
        .annotate(requests=Count("id"), records=Sum("count"))
        .order_by("-records")
    )
    return list(rows)
