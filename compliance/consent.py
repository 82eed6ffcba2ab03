"""SMS consent rules: keyword and plain-language classification, and consent currency.

Carrier keywords count only as the whole message (case and punctuation ignored). Plain-language
revocations (FCC 24-18: "any reasonable means") are matched by phrases that name the contact
itself ("stop texting me", "take me off your list"), so "I can stop by at 5" or "cancel my
showing" never opt a lead out.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from django.conf import settings
from django.db import models

from compliance.models import ConsentRecord

CONSENT_VALID_MONTHS = 18
ConsentChannel = ConsentRecord.Channel
ConsentAction = ConsentRecord.Action

OPT_OUT_KEYWORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"}
)
OPT_IN_KEYWORDS = frozenset({"start", "unstop"})
HELP_KEYWORDS = frozenset({"help", "info"})

_CONTACT_ING = r"(?:texting|txting|texing|messaging|msging|msgin|contacting|calling|emailing|bothering|bugging|spamming|harassing|sending|reaching out)"  # noqa: E501
_CONTACT_VERB = r"(?:text|txt|message|msg|contact|call|email|bother|bug|spam|harass)"
_CONTACT_PLURAL = r"(?:texts|txts|messages|msgs|calls|emails|notifications|alerts|spam)"
_POLITE = r"(?:please|pls|plz|now|it|thanks|thank you|thx|all|asap|already|immediately|seriously)"
# "don't call me until Friday" schedules, it does not revoke
_NOT_A_SCHEDULE = r"(?! (?:until|till|til|before|after|on|at|tomorrow|today|tonight|this|during|while|yet|for|right now|now|back)\b)"  # noqa: E501
# Words before a final "stop" that make it part of a sentence ("the next stop", "did you stop")
_NOT_BEFORE = (
    "a an the bus next last first one to will can could would should and or pit truck full non "
    "shop you we they i it he she didnt not dont never must may might way rest door hard quick "
    "short final only cant wont couldnt wouldnt gonna gotta lets shall cannot subway train metro "
    "rail transit trolley tram well ill youll theyll shell whole"
)
_NOT_BEFORE_FINAL_STOP = frozenset(_NOT_BEFORE.split())

# Unambiguous in any sentence.
_STRONG_OPT_OUT = [
    r"\b(?:asked|told) (?:you|u) (?:to stop|not to (?:text|contact|message))\b",
    r"\bcancel (?:my |the |this )?subscription\b",
    r"\b(?:want|get|take|put) (?:me |us |my number |this number )?off (?:this|your|the|ur|that) (?:list|texting list|contact list|mailing list|text list)\b",  # noqa: E501
    r"^(?:unsub|remove|remove me|remove us)(?: please| pls| now)?$",
    r"\btake (?:me|us|my (?:number|name|info|information|phone|phone number|contact)) off\b",
    r"\bremove (?:me|us|this number|my (?:number|name|info|information|phone|phone number|contact|details))\b(?! from (?:the |this |that |our |my )?(?:showing|tour|appointment|open house|meeting|offer|contract|application|waitlist|wait list|lease)\b)",  # noqa: E501
    r"\b(?:lose|delete|erase) (?:my|this) (?:number|phone number|contact|info)\b",
    r"\bno (?:more|further) (?:texts|txts|messages|msgs|calls|emails|spam|contact)\b",
    r"^no more(?: please| thanks| thank you)?$",
    r"\bleave me alone\b",
    r"\bunsubscribe\b",
    r"\bopt (?:me|us|my number) out\b",
    r"\bopt out of (?:these |your |all |the |this )?(?:texts|text messages|messages|list|sms|marketing)\b",  # noqa: E501
    rf"^(?:i (?:want|would like|d like|wanna) to |please |pls )?opt out(?: {_POLITE})*$",
    r"\b(?:revoke|withdraw) (?:my )?consent\b",
    r"\bcease (?:and desist|all (?:contact|communication|communications|texts|messages))\b",
    r"\bwrong (?:number|person)\b",
    # Spanish, the second language of many Austin leads
    r"^(?:alto|parar|para|basta|cancelar|no mas)(?: por favor)?$",
    r"\bno (?:mas|me) (?:mensajes|envies|escribas|contactes)\b",
    r"\bno me (?:manden|envien|mandes|envies|escriban|escribas|contacten|contactes|llamen)\b",
]
# Revocations unless the lead redirects ("don't call me, text me instead").
_SOFT_OPT_OUT = [
    # "please stop texting me", "quit calling" ("stop by" never matches: -ing forms only)
    rf"\b(?:stop|quit|cease)(?: (?:all|just|ever|now|already|the))? {_CONTACT_ING}\b",
    rf"\bstop (?:receiving|getting) (?:\w+ ){{0,2}}{_CONTACT_PLURAL}\b",
    rf"\b{_CONTACT_PLURAL} (?:to )?stop\b",
    r"\bstop (?:text|txt|msg|message|call|contact|email) (?:me|this number)\b",
    r"\b(?:block|blocking|report|reporting) (?:you|this number|your number)\b",
    rf"\b(?:stop|cancel|end)(?: (?:the|these|those|your|all|all the|all of the|all your|all these))? {_CONTACT_PLURAL}\b",  # noqa: E501
    rf"\benough (?:with the |of the |of these |of your )?{_CONTACT_PLURAL}\b",
    rf"^(?:please |pls |plz |just |ok |okay )*(?:stop|unsubscribe|optout|quit)(?: {_POLITE})*$",
    rf"\b(?:do not|dont|don t) (?:ever )?{_CONTACT_VERB} (?:me|this number)\b{_NOT_A_SCHEDULE}",
    r"\b(?:do not|dont|don t) (?:ever )?(?:contact|text|message|msg)(?: me| this number)?(?: again| anymore| ever again)?$",  # noqa: E501
    rf"\b(?:dont|do not|don t) want (?:any |these |your |more |any more |anymore |to get |to receive )*{_CONTACT_PLURAL}\b",  # noqa: E501
    r"^(?:i am |im |i m )?(?:not|no longer) interested(?: anymore| thanks| thank you| sorry)*(?: please)?(?: stop| remove me)?(?: please)?$",  # noqa: E501
]
_REDIRECT = re.compile(r"\binstead\b")
_BARE_STOP_RE = re.compile(rf"^(?:please |pls |just |so |now )*stop(?: {_POLITE})*$")
_STRONG_OPT_OUT_RE = [re.compile(p) for p in _STRONG_OPT_OUT]
_SOFT_OPT_OUT_RE = [re.compile(p) for p in _SOFT_OPT_OUT]
_PLAIN_OPT_IN_RE = re.compile(
    r"^(?:please )?(?:start|unstop|resubscribe|subscribe)(?: please| again)?$"
)


class Intent(models.TextChoices):
    """What an inbound text means for consent."""

    OPT_OUT = "opt_out", "Opt-out"
    OPT_IN = "opt_in", "Opt back in"
    HELP = "help", "Help request"
    NONE = "none", "Ordinary message"


def normalize(text: str) -> str:
    """Lower-case, strip accents and punctuation, collapse spaces ("Don't" -> "dont")."""
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    folded = folded.lower().replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


def is_keyword(text: str, keywords: frozenset[str]) -> bool:
    """True when the whole message is one of `keywords` ("Stop." and "OPT OUT" included)."""
    words = normalize(text)
    return words in keywords or words.replace(" ", "") in keywords


def _ends_with_stop(words: str) -> bool:
    """ "I never signed up for this, stop" - a final "stop" that is not part of a phrase."""
    tokens = words.split()
    while tokens and re.fullmatch(_POLITE, tokens[-1]):
        tokens.pop()
    if len(tokens) < 2 or tokens[-1] != "stop":
        return False
    return tokens[-2] not in _NOT_BEFORE_FINAL_STOP


def _last_clause_is_stop(text: str) -> bool:
    """ "I'm going to block you, stop" - the last clause alone is a STOP."""
    clauses = [normalize(c) for c in re.split(r"[.,!;?\n]+", text or "")]
    clauses = [c for c in clauses if c]
    return len(clauses) > 1 and bool(_BARE_STOP_RE.match(clauses[-1]))


def _is_plain_opt_out(words: str, text: str) -> bool:
    if any(rx.search(words) for rx in _STRONG_OPT_OUT_RE):
        return True
    if _REDIRECT.search(words):
        return False
    return (
        any(rx.search(words) for rx in _SOFT_OPT_OUT_RE)
        or _ends_with_stop(words)
        or _last_clause_is_stop(text)
    )


def classify(text: str, *, opted_out: bool = False) -> Intent:
    """Classify an inbound text; "YES" re-subscribes only a lead who is opted out."""
    words = normalize(text)
    if not words:
        return Intent.NONE
    if is_keyword(words, OPT_OUT_KEYWORDS):
        return Intent.OPT_OUT
    if is_keyword(words, OPT_IN_KEYWORDS) or (opted_out and words == "yes"):
        return Intent.OPT_IN
    if is_keyword(words, HELP_KEYWORDS):
        return Intent.HELP
    if _is_plain_opt_out(words, text):
        return Intent.OPT_OUT
    if _PLAIN_OPT_IN_RE.match(words):
        return Intent.OPT_IN
    return Intent.NONE


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
