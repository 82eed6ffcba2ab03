"""Narrowing a lead queryset by already-validated filter values (API list, exports)."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from django.db.models import QuerySet

from leads.models import Lead
from leads.selectors import lead_filter_by_contact


class LeadFilters(TypedDict, total=False):
    stage: str
    temperature: str
    intent: str
    assigned_agent: int
    created_after: datetime
    created_before: datetime
    phone: str
    email: str


_EXACT = {
    "stage": "stage",
    "temperature": "temperature",
    "intent": "intent",
    "assigned_agent": "assigned_agent_id",
    "created_after": "created_at__gte",
    "created_before": "created_at__lt",
}


def lead_filter(qs: QuerySet[Lead], *, filters: LeadFilters) -> QuerySet[Lead]:
    """Apply every given filter to `qs` (already scoped to the viewer); absent ones are ignored."""
    lookups = {_EXACT[name]: value for name, value in filters.items() if name in _EXACT}
    qs = qs.filter(**lookups)
    for contact in ("phone", "email"):
        if filters.get(contact):
            qs = lead_filter_by_contact(qs, term=filters[contact])
    return qs
