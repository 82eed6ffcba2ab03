"""TREC rules for texts and notices: brokerage name in every text, AI disclosure, IABS.

TREC Rule 535.155 treats texts as advertising, so each names the brokerage. The IABS notice
(22 TAC 531.20) is due at the first substantive communication about a specific property; SMS is
not an allowed delivery method, so it goes by email link (with explicit reference) or in person.
"""

from __future__ import annotations

import re
import uuid

from django.conf import settings
from django.db import models

from compliance.models import TrecNoticeDelivery

IABS_LABEL = "Texas Real Estate Commission Information About Brokerage Services"
CPN_LABEL = "Texas Real Estate Commission Consumer Protection Notice"
PRICING_DISCLAIMER = "This is a market analysis (CMA), not an appraisal."

_WHO = (
    r"(?:bot|robot|ai|a i|human|person|machine|computer|automated|automatic|chatbot|"
    r"(?:real|actual|live) (?:person|human|agent|people))"
)
# The question ends there ("is that a computer room?" is about the house)
_END = r"(?: (?:or|texting|talking|answering|responding|writing|replying|lol|haha)\b|\s*\?|$)"
_ASKS_IF_BOT = [
    rf"\b(?:are|r) (?:you|u|ya) (?:an? )?(?:{_WHO}|real(?! estate)){_END}",
    rf"\bis (?:this|that|it) (?:an? )?{_WHO}{_END}",
    rf"\b(?:am i|are we) (?:talking|texting|chatting|speaking) (?:to|with) (?:an? )?{_WHO}{_END}",
    r"\b(?:real|actual|live) (?:person|human)\b.*\?",
]
_ASKS_IF_BOT_RE = [re.compile(p) for p in _ASKS_IF_BOT]
_DISCLOSES_AI_RE = re.compile(r"\b(?:ai|automated|virtual) assistant\b", re.IGNORECASE)
_PROPERTY_SPECIFIC_RE = re.compile(
    r"\b\d{2,6} [A-Z0-9][\w.'-]*(?: [\w.'-]+){0,3} "
    r"(?:st|street|ave|avenue|dr|drive|ln|lane|rd|road|blvd|boulevard|ct|court|cv|cove|trl|trail|way|pl|place|pkwy|parkway|cir|circle|loop|pass|"
    r"hwy|run|bend|xing|path|terrace|ter)\b|\bmls\s*(?:#|no\.?|number)?\s*\d{4,}",
    re.IGNORECASE,
)


Notice = TrecNoticeDelivery.Notice
DeliveryMethod = TrecNoticeDelivery.Method


def iabs_url() -> str:
    """The brokerage's completed IABS form."""
    return settings.IABS_URL


def cpn_url() -> str:
    """TREC's Consumer Protection Notice."""
    return settings.CPN_URL


def names_brokerage(text: str, brokerage_name: str) -> bool:
    """True when `text` already names the brokerage (case-insensitive)."""
    return brokerage_name.casefold() in (text or "").casefold()


def with_brokerage_name(text: str, brokerage_name: str) -> str:
    """`text` prefixed with "<Brokerage>: " unless it already names the brokerage."""
    if names_brokerage(text, brokerage_name):
        return text
    return f"{brokerage_name}: {text}"


def asks_if_bot(text: str) -> bool:
    """True for "are you a bot?", "is this a real person?" and the like."""
    folded = " ".join(re.sub(r"[^a-z0-9?]+", " ", (text or "").lower().replace("'", "")).split())
    return any(rx.search(folded) for rx in _ASKS_IF_BOT_RE)


def discloses_ai(text: str) -> bool:
    """True when the text already says it comes from an AI assistant."""
    return bool(_DISCLOSES_AI_RE.search(text or ""))


def ai_disclosure(brokerage_name: str, *, asked: bool) -> str:
    """The AI disclosure sentence (naming the brokerage, so it doubles as the TREC id)."""
    if asked:
        return (
            f"I'm an AI assistant for {brokerage_name}, not a person; an agent can step in anytime."  # noqa: E501
        )
    return f"Hi, this is the AI assistant for {brokerage_name}."


def looks_property_specific(text: str) -> bool:
    """True when a text is about a specific property (a street address or an MLS number)."""
    return bool(_PROPERTY_SPECIFIC_RE.search(text or ""))


def with_pricing_disclaimer(text: str) -> str:
    """Pricing text from the seller bot, marked as not an appraisal (TREC)."""
    if "not an appraisal" in (text or "").lower():
        return text
    return f"{text} {PRICING_DISCLAIMER}"


def iabs_email_paragraph(*, brokerage_name: str | None = None) -> str:
    """Body paragraph (not a footer or signature) that delivers the IABS notice by link."""
    name = brokerage_name or settings.BROKERAGE_NAME
    return (
        f"Texas law requires us to give you the {IABS_LABEL} notice. It explains how {name} and "
        f"its agents may represent you. Please read it here: {iabs_url()}"
    )


def notice_delivered_lead_ids(notice: str = Notice.IABS) -> models.QuerySet:
    """Lead ids (a subquery) that have received `notice`."""
    return TrecNoticeDelivery.objects.filter(notice=notice).values("lead_id")


def notice_delivered(*, lead_id: uuid.UUID | str, notice: str = Notice.IABS) -> bool:
    """True when the lead has received `notice`."""
    return TrecNoticeDelivery.objects.filter(lead_id=lead_id, notice=notice).exists()
