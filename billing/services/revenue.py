"""Revenue attribution: each paid fee and each closed deal's commission is credited to the
lead's source, agent and bot variant, stored on the row so the BI pages read one table.

billing may not import bots, so the bot variant comes from a lookup bots registers at start-up
(`variant_lookup_register`, called from BotsConfig.ready); a caller that knows the variant (the
bot itself, from its conversation) passes it instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from billing.exceptions import CommissionRuleError
from billing.models import Attribution, Commission
from enterprisehub import realtime
from enterprisehub.errors import NotFoundError
from leads import selectors as lead_selectors
from leads import services as lead_services
from leads.enums import EventKind

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User
    from leads.models import Lead

log = logging.getLogger(__name__)
VariantLookup = Callable[[Any], str]
_variant_lookups: list[VariantLookup] = []
MAX_COMMISSION_CENTS = 2_000_000_000  # $20M: PositiveIntegerField's ceiling is 2^31-1


def variant_lookup_register(lookup: VariantLookup) -> None:
    """Let a higher app say which bot variant (A/B arm) a lead is in: lookup(lead_id) -> str."""
    if lookup not in _variant_lookups:
        _variant_lookups.append(lookup)


def variant_for_lead(lead_id: Any) -> str:
    """The lead's bot variant from the registered lookups, or "" when none knows it."""
    for lookup in _variant_lookups:
        try:
            variant = lookup(lead_id)
        except Exception:  # attribution must never break a payment
            log.warning("variant lookup failed for lead %s", lead_id, exc_info=True)
            continue
        if variant:
            return str(variant)[:20]
    return ""


def attribution_fill(row: Attribution, lead: Lead | None, *, variant: str = "") -> list[str]:
    """Set source, agent and variant on `row` from the lead now; return the field names."""
    if lead is None:
        return []
    row.attributed_source = lead.source
    row.attributed_agent_id = lead.assigned_agent_id
    row.attributed_variant = (variant or row.attributed_variant or variant_for_lead(lead.pk))[:20]
    return ["attributed_source", "attributed_agent", "attributed_variant"]


def attribution_refresh(payment: Any) -> list[str]:
    """At payment time: credit whoever has the lead when the money arrives."""
    lead = lead_selectors.lead_get(lead_id=payment.lead_id) if payment.lead_id else None
    return attribution_fill(payment, lead)


@transaction.atomic
def commission_record(
    *, lead_id: Any, amount_cents: int, closed_on: date, note: str = "", actor: User | None = None
) -> Commission:
    """Record a closed deal's commission on the lead, attributed like a fee."""
    lead = lead_selectors.lead_get(lead_id=lead_id)
    if lead is None:
        raise NotFoundError("No such lead.", field="lead_id")
    if not 0 < amount_cents <= MAX_COMMISSION_CENTS:
        raise CommissionRuleError("The commission must be above $0.", field="amount_cents")
    if closed_on > timezone.localdate():
        raise CommissionRuleError("A deal cannot close in the future.", field="closed_on")
    commission = Commission(
        lead=lead, amount_cents=amount_cents, closed_on=closed_on, note=note[:300], entered_by=actor
    )
    attribution_fill(commission, lead)
    commission.save()
    lead_services.lead_event_record(
        lead_id=lead.pk,
        kind=EventKind.COMMISSION,
        data={
            "commission_id": commission.pk,
            "amount_cents": amount_cents,
            "closed_on": str(closed_on),
        },
        actor=actor,
    )
    realtime.publish_on_commit(
        "bi.payments",
        "commission.recorded",
        {
            "id": commission.pk,
            "lead_id": str(lead.pk),
            "agent_id": commission.attributed_agent_id,
            "amount_cents": amount_cents,
        },
    )
    return commission
