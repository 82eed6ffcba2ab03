"""The one decision every outbound text goes through: send now, delay, hold for a person, or block.

Order: opt-out, an unclear opt-out (no automated or marketing text), consent, Fair Housing
guard (BLOCK blocks, REVIEW holds the text for the admin queue), then the text is finished
(brokerage name, AI disclosure) and timed against the recipient's send window. No database and
no clock of its own; the guard given (or compliance.review.fair_housing_review) may call the
LLM reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from compliance import quiet_hours, trec
from compliance.verdicts import FairHousingVerdict, Guard, GuardResult


class Action(models.TextChoices):
    SEND = "send", "Send now"
    DELAY = "delay", "Delay to the next send window"
    HOLD = "hold", "Hold for a person (review queue)"
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
    FAIR_HOUSING_REVIEW = "fair_housing_review", "Held: Fair Housing review"
    OPT_OUT_UNCLEAR = "opt_out_unclear", "The lead may have opted out: a person decides"
    QUIET_HOURS = "quiet_hours", "Outside the recipient's send window"
    BROKERAGE_NAME_ADDED = "brokerage_name_added", "Brokerage name added"
    AI_DISCLOSED = "ai_disclosed", "AI assistant disclosed"


@dataclass(frozen=True)
class Decision:
    action: str
    text: str
    send_after: datetime | None = None
    reasons: list[str] = field(default_factory=list)
    guard_result: GuardResult | None = None

    @property
    def verdict(self) -> str | None:
        """The Fair Housing verdict, when the guard ran."""
        return self.guard_result.verdict if self.guard_result is not None else None


def _default_guard() -> Guard:
    from compliance.review import fair_housing_review  # rules, then the LLM reviewer

    return fair_housing_review


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
    written_by_llm: bool = False,
    opt_out_unclear: bool = False,
) -> Decision:
    """Decide whether `text` may go to `phone` now, later, after a person, or never.

    `guard` is the Fair Housing check (defaults to compliance.review.fair_housing_review, the
    rules then the LLM reviewer); it is skipped only for the opt-out confirmation, whose
    wording is fixed. While an opt-out is unclear (`opt_out_unclear`), automated and marketing
    texts are blocked; a person's own reply still goes through the guard.
    """
    if opted_out_at is not None and purpose != Purpose.OPT_OUT_CONFIRMATION:
        return Decision(Action.BLOCK, text, reasons=[Reason.OPTED_OUT])
    automated = written_by_llm or purpose == Purpose.MARKETING
    if opt_out_unclear and automated and purpose != Purpose.OPT_OUT_CONFIRMATION:
        return Decision(Action.BLOCK, text, reasons=[Reason.OPT_OUT_UNCLEAR])
    if purpose == Purpose.OPT_OUT_CONFIRMATION:
        final, reasons = _finish_text(
            text, brokerage_name=brokerage_name, disclose_ai=False, asked_if_ai=False
        )
        return Decision(Action.SEND, final, reasons=reasons)
    if purpose == Purpose.MARKETING and not consent_current:
        return Decision(Action.BLOCK, text, reasons=[Reason.NO_CONSENT])
    result = (guard or _default_guard())(text, written_by_llm=written_by_llm)
    if result.verdict == FairHousingVerdict.BLOCK:
        return Decision(Action.BLOCK, text, reasons=[Reason.FAIR_HOUSING], guard_result=result)
    if result.verdict == FairHousingVerdict.REVIEW:
        return Decision(
            Action.HOLD, text, reasons=[Reason.FAIR_HOUSING_REVIEW], guard_result=result
        )
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
