"""The one decision every outbound text goes through: send now, delay, or block.

Order: opt-out, consent, Fair Housing guard, then the text is finished (brokerage name, AI
disclosure) and timed against the recipient's send window. Pure: no database, no clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

from compliance import quiet_hours, trec


class Action(models.TextChoices):
    SEND = "send", "Send now"
    DELAY = "delay", "Delay to the next send window"
    BLOCK = "block", "Block"


class Purpose(models.TextChoices):
    """Why the text goes out; decides which rules apply."""

    MARKETING = "marketing", "Marketing or nurture (needs current consent)"
    REPLY = "reply", "Reply to the lead's own message (prior express invitation)"
    KEYWORD_REPLY = "keyword_reply", "Answer to HELP/START (immediate, no consent needed)"
    OPT_OUT_CONFIRMATION = "opt_out_confirmation", "The single opt-out confirmation"


class Reason(models.TextChoices):
    OPTED_OUT = "opted_out", "Lead opted out"
    NO_CONSENT = "no_consent", "No current SMS consent"
    FAIR_HOUSING = "fair_housing", "Fair Housing guard"
    QUIET_HOURS = "quiet_hours", "Outside the recipient's send window"
    BROKERAGE_NAME_ADDED = "brokerage_name_added", "Brokerage name added"
    AI_DISCLOSED = "ai_disclosed", "AI assistant disclosed"


Guard = Callable[[str], Any]  # returns a GuardResult(violation, categories, matches, suggestion)


@dataclass(frozen=True)
class Decision:
    action: str
    text: str
    send_after: datetime | None = None
    reasons: list[str] = field(default_factory=list)
    guard_result: Any = None


def _default_guard() -> Guard:
    from compliance.fair_housing import check_fair_housing  # built in its own module

    return check_fair_housing


def _finish_text(
    text: str, *, brokerage_name: str, disclose_ai: bool, asked_if_ai: bool
) -> tuple[str, list[str]]:
    reasons: list[str] = []
    if (disclose_ai or asked_if_ai) and not trec.discloses_ai(text):
        text = f"{trec.ai_disclosure(brokerage_name, asked=asked_if_ai)} {text}"
        reasons.append(Reason.AI_DISCLOSED)
    if not trec.names_brokerage(text, brokerage_name):
        text = trec.with_brokerage_name(text, brokerage_name)
        reasons.append(Reason.BROKERAGE_NAME_ADDED)
    return text, reasons


def outbound_sms_decide(
    text: str,
    *,
    phone: str,
    opted_out_at: datetime | None,
    consent_current: bool,
    first_contact: bool,
    now: datetime,
    brokerage_name: str,
    purpose: str = Purpose.MARKETING,
    asked_if_ai: bool = False,
    guard: Guard | None = None,
) -> Decision:
    """Decide whether `text` may go to `phone` now, later, or never, and its final wording.

    `guard` is the Fair Housing check (defaults to compliance.fair_housing.check_fair_housing);
    it is skipped only for the opt-out confirmation, whose wording is fixed.
    """
    if opted_out_at is not None and purpose != Purpose.OPT_OUT_CONFIRMATION:
        return Decision(Action.BLOCK, text, reasons=[Reason.OPTED_OUT])
    if purpose == Purpose.OPT_OUT_CONFIRMATION:
        final, reasons = _finish_text(
            text, brokerage_name=brokerage_name, disclose_ai=False, asked_if_ai=False
        )
        return Decision(Action.SEND, final, reasons=reasons)
    if purpose == Purpose.MARKETING and not consent_current:
        return Decision(Action.BLOCK, text, reasons=[Reason.NO_CONSENT])
    result = (guard or _default_guard())(text)
    if result.violation:
        return Decision(Action.BLOCK, text, reasons=[Reason.FAIR_HOUSING], guard_result=result)
    final, reasons = _finish_text(
        text, brokerage_name=brokerage_name, disclose_ai=first_contact, asked_if_ai=asked_if_ai
    )
    if purpose == Purpose.KEYWORD_REPLY:
        return Decision(Action.SEND, final, reasons=reasons, guard_result=result)
    opening = quiet_hours.next_send_time(phone, now)
    if opening != now:
        reasons.append(Reason.QUIET_HOURS)
        return Decision(Action.DELAY, final, opening, reasons, result)
    return Decision(Action.SEND, final, reasons=reasons, guard_result=result)
