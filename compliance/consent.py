"""SMS consent rules: what an inbound text means (compliance.optout), consent currency, and the
fixed HELP / opt-out / opt-in replies.

Carrier keywords count only as the whole message; plain-language revocations (FCC 24-18: "any
reasonable means") are read clause by clause, so "I can stop by at 5" or "cancel my showing"
never opt a lead out, and an e-mail-only unsubscribe leaves SMS consent alone.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from compliance import optout
from compliance.models import ConsentRecord
from compliance.verdicts import ConsentResult, ConsentVerdict, OptOutChannel

__all__ = ["ConsentResult", "ConsentVerdict", "OptOutChannel", "classify", "is_keyword"]

CONSENT_VALID_MONTHS = 18
ConsentChannel = ConsentRecord.Channel
ConsentAction = ConsentRecord.Action

# The classifier lives in compliance.optout; these names are its public face here.
OPT_OUT_KEYWORDS = optout.OPT_OUT_KEYWORDS
START_KEYWORDS = optout.START_KEYWORDS
HELP_KEYWORDS = optout.HELP_KEYWORDS
is_keyword = optout.is_keyword
classify = optout.classify  # text -> ConsentResult(verdict, channel, rule, spans)


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("every month has 28 days")  # pragma: no cover


def consent_expires_at(consented_at: datetime) -> datetime:
    """When a consent (or its latest re-affirmation) needs re-affirming: 18 months on."""
    return _add_months(consented_at, CONSENT_VALID_MONTHS)


def consent_is_current(*, consented_at: datetime | None, now: datetime) -> bool:
    """True when SMS consent was given or re-affirmed within the last 18 months."""
    return consented_at is not None and now < consent_expires_at(consented_at)


def help_text(*, brokerage_name: str | None = None) -> str:
    """The HELP reply: who we are, how often, rates, how to get help and how to opt out."""
    name = brokerage_name or settings.BROKERAGE_NAME
    contact = getattr(settings, "BROKERAGE_HELP_CONTACT", "")
    reach = f"Help: {contact}." if contact else "Reply with a question and an agent will help."
    return (
        f"{name}: real-estate texts from our AI assistant and agents. Msg frequency varies. "
        f"Msg & data rates may apply. {reach} Reply STOP to opt out."
    )


def opt_out_confirmation_text(*, brokerage_name: str | None = None) -> str:
    """The one confirmation an opted-out lead receives (no marketing)."""
    name = brokerage_name or settings.BROKERAGE_NAME
    return (
        f"{name}: you are unsubscribed and will get no more texts from us. Reply START to resume."
    )


def opt_in_confirmation_text(*, brokerage_name: str | None = None) -> str:
    """The reply to START/UNSTOP."""
    name = brokerage_name or settings.BROKERAGE_NAME
    return (
        f"{name}: you are subscribed to texts again. Msg frequency varies. "
        "Msg & data rates may apply. Reply HELP for help, STOP to opt out."
    )
