"""Reads for leads, always scoped to what the viewer may see."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from enterprisehub import pii
from leads.models import Lead, LeadEvent

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User


def lead_visible_to(*, viewer: User) -> QuerySet[Lead]:
    """Leads the viewer may see: an agent their own, a broker all, anyone else none."""
    qs = Lead.objects.select_related("assigned_agent")
    if not viewer.is_authenticated or not viewer.is_active:
        return qs.none()
    if viewer.is_broker:
        return qs
    return qs.filter(assigned_agent=viewer)


def lead_get(*, lead_id: Any, viewer: User | None = None) -> Lead | None:
    """One lead by id (scoped to the viewer when given), or None; a malformed id is None too."""
    qs = (
        Lead.objects.select_related("assigned_agent")
        if viewer is None
        else lead_visible_to(viewer=viewer)
    )
    try:
        return qs.filter(pk=lead_id).first()
    except (ValueError, ValidationError):
        return None


def lead_filter_by_contact(qs: QuerySet[Lead], *, term: str) -> QuerySet[Lead]:
    """Narrow `qs` to an exact phone (any common format) or email match via the blind index."""
    term = term.strip()
    if "@" in term:
        try:
            return qs.filter(email_hash=pii.email_hash(term))
        except pii.EmailFormatError:
            return qs.none()
    try:
        return qs.filter(phone_hash=pii.phone_hash(term))
    except pii.PhoneFormatError:
        return qs.none()


def lead_get_by_phone(*, phone: str, viewer: User | None = None) -> Lead | None:
    """The newest lead with this phone (any format), or None."""
    qs = Lead.objects.all() if viewer is None else lead_visible_to(viewer=viewer)
    return lead_filter_by_contact(qs, term=phone).order_by("-created_at").first()


def lead_get_by_email(*, email: str, viewer: User | None = None) -> Lead | None:
    """The newest lead with this email, or None."""
    qs = Lead.objects.all() if viewer is None else lead_visible_to(viewer=viewer)
    return lead_filter_by_contact(qs, term=email).order_by("-created_at").first()


def lead_timeline(*, lead: Lead) -> QuerySet[LeadEvent]:
    """Events of one lead, newest first."""
    return lead.events.select_related("actor").order_by("-at")
