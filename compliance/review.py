"""The full compliance checks: the rules, then the LLM reviewer when ANTHROPIC_API_KEY is set.

Fair Housing: the reviewer reads text written by the LLM and whatever the rules hold for REVIEW
(a rules BLOCK stands without a call). Opt-out: it reads what the rules find UNCLEAR. One
classification call through the official `anthropic` SDK, a fixed prompt (HUD advertising
guidance, the FCC revocation rule), a strict verdict through tool use, the model and a short
timeout from settings, no retries. It fails closed: a timeout, an error or an unparsable
answer is REVIEW (opt-out: UNCLEAR). Every call is recorded (ReviewerCall: tokens, cost,
latency; never the text).
"""

from __future__ import annotations

import time
from dataclasses import replace
from decimal import Decimal
from typing import Any

import anthropic
from django.conf import settings

from compliance.fair_housing import CATEGORIES, check_fair_housing
from compliance.models import ReviewerCall as ReviewerCallRow
from compliance.optout import classify
from compliance.verdicts import (
    ConsentResult,
    ConsentVerdict,
    FairHousingVerdict,
    GuardResult,
    Reviewer,
    ReviewerCall,
    stricter,
)

PROMPT_VERSION = "compliance-review-2026-1"
MAX_TOKENS = 300
# USD per million tokens (input, output), Anthropic list prices; unknown models price as Sonnet.
PRICES = {"haiku": (Decimal("1"), Decimal("5")), "sonnet": (Decimal("3"), Decimal("15"))}
PRICES["opus"] = (Decimal("5"), Decimal("25"))

FAIR_HOUSING_SYSTEM = """You review one text a real-estate brokerage in Austin, Texas is about \
to send to a lead (a buyer, seller or renter). Decide if it breaks the Fair Housing Act \
(42 U.S.C. 3604(c), 24 CFR 100.75) as HUD reads it: a statement that an ordinary reader sees as \
a preference, limitation or discrimination based on race, color, religion, sex (including \
sexual orientation and gender identity), disability, familial status (children under 18, \
pregnancy) or national origin (including birthplace, ancestry, accent, language, citizenship).
It is a violation to exclude, prefer, discourage, ask about a protected trait, set different \
terms, steer people toward or away from areas by a protected trait, or describe who lives \
somewhere by a protected trait, directly or in code ("people like you", "that element", \
"if you know what I mean"), including implicit ones ("only rents to people from her church").
It is not a violation to describe the property, its features and accessibility (ramps, grab \
bars, family room, master bedroom), services, landmarks (near a church, a mosque, a school), \
the neighbourhood's physical facts, lawful housing for older persons (55+), a sex stated for \
a shared room, or to answer the lead's own stated needs.
Answer with the record_verdict tool: "block" for a clear violation, "review" when a person \
should decide, "allow" when an ordinary reader sees no preference or limitation."""

OPT_OUT_SYSTEM = """You read one text message a lead sent to a real-estate brokerage's SMS \
line. Decide if it revokes consent to be contacted (FCC 24-18, 47 CFR 64.1200(a)(10)): consent \
may be revoked by any reasonable means; "stop", "quit", "end", "revoke", "opt out", "cancel" \
and "unsubscribe" as a reply are revocations, and so is any plain-language request in any \
language to stop texts, calls or e-mails from the brokerage. "Stop by", "cancel my showing", \
"don't stop sending these" and requests about someone else are not. Say which channel the \
revocation covers: "sms", "email" (only e-mail, texts are still wanted) or "all".
Answer with the record_verdict tool: "opt_out" when it is a revocation, "unclear" when a \
person should ask the lead, "none" when it is not a revocation."""

FAIR_HOUSING_TOOL = {
    "name": "record_verdict",
    "description": "Record the Fair Housing verdict on the text.",
    "input_schema": {
        "type": "object",
        "properties": {
            "verdict": {"type": "string", "enum": ["allow", "review", "block"]},
            "categories": {"type": "array", "items": {"type": "string", "enum": list(CATEGORIES)}},
            "reason": {"type": "string"},
        },
        "required": ["verdict", "categories", "reason"],
    },
}
OPT_OUT_TOOL = {
    "name": "record_verdict",
    "description": "Record what the inbound text means for consent.",
    "input_schema": {
        "type": "object",
        "properties": {
            "verdict": {"type": "string", "enum": ["opt_out", "unclear", "none"]},
            "channel": {"type": "string", "enum": ["sms", "email", "all", "none"]},
            "reason": {"type": "string"},
        },
        "required": ["verdict", "channel", "reason"],
    },
}


def reviewer_enabled() -> bool:
    return bool(settings.ANTHROPIC_API_KEY)


def reviewer_client(**kwargs: Any) -> anthropic.Anthropic:
    """The SDK client: the key from settings, the short timeout, no retries (fail closed)."""
    return anthropic.Anthropic(
        api_key=settings.ANTHROPIC_API_KEY,
        timeout=settings.COMPLIANCE_REVIEW_TIMEOUT_S,
        max_retries=0,
        **kwargs,
    )


def _cost(model: str, tokens_in: int, tokens_out: int) -> Decimal:
    price_in, price_out = next((p for name, p in PRICES.items() if name in model), PRICES["sonnet"])
    return ((price_in * tokens_in + price_out * tokens_out) / Decimal(1_000_000)).quantize(
        Decimal("0.000001")
    )


def _ask(
    task: str, system: str, tool: dict, text: str, client: anthropic.Anthropic | None
) -> tuple[dict | None, ReviewerCall]:
    """One tool-use call; (the tool input or None, the call's record)."""
    model = settings.COMPLIANCE_REVIEW_MODEL
    started = time.monotonic()
    answer, outcome, usage, reason = None, "ok", None, ""
    try:
        response = (client or reviewer_client()).messages.create(
            model=model,
            max_tokens=MAX_TOKENS,
            system=system,
            tools=[tool],
            tool_choice={"type": "tool", "name": tool["name"]},
            messages=[{"role": "user", "content": text}],
            timeout=settings.COMPLIANCE_REVIEW_TIMEOUT_S,
        )
        usage = response.usage
        blocks = [b for b in response.content if getattr(b, "type", "") == "tool_use"]
        answer = blocks[0].input if blocks and isinstance(blocks[0].input, dict) else None
        if answer is None:
            outcome, reason = "unparsable", "no tool_use block in the answer"
    except anthropic.APITimeoutError:
        outcome, reason = "timeout", "the reviewer did not answer in time"
    except anthropic.APIStatusError as exc:
        outcome = "overloaded" if exc.status_code == 529 else "error"
        reason = f"HTTP {exc.status_code}"
    except anthropic.APIError as exc:
        outcome, reason = "error", type(exc).__name__
    tokens_in = getattr(usage, "input_tokens", 0) or 0
    tokens_out = getattr(usage, "output_tokens", 0) or 0
    call = ReviewerCall(
        model=model,
        outcome=outcome,
        latency_ms=int((time.monotonic() - started) * 1000),
        input_tokens=tokens_in,
        output_tokens=tokens_out,
        cost_usd=_cost(model, tokens_in, tokens_out),
        reason=reason,
    )
    return answer, call


def _record(task: str, call: ReviewerCall, verdict: str) -> ReviewerCall:
    ReviewerCallRow.objects.create(
        task=task,
        model=call.model,
        prompt_version=PROMPT_VERSION,
        outcome=call.outcome,
        verdict=verdict,
        input_tokens=call.input_tokens,
        output_tokens=call.output_tokens,
        cost_usd=call.cost_usd,
        latency_ms=call.latency_ms,
    )
    return call


def _fair_housing_llm(text: str, client: anthropic.Anthropic | None) -> tuple[str, list, str, Any]:
    answer, call = _ask("fair_housing", FAIR_HOUSING_SYSTEM, FAIR_HOUSING_TOOL, text, client)
    verdict = (answer or {}).get("verdict")
    categories = (answer or {}).get("categories", [])
    if verdict not in FairHousingVerdict.values or not isinstance(categories, list):
        if call.outcome == "ok":
            call = replace(call, outcome="unparsable", reason="verdict outside the schema")
        verdict, categories = FairHousingVerdict.REVIEW, []
        reason = f"held: the reviewer failed ({call.outcome}: {call.reason})"
    else:
        categories = [c for c in categories if c in CATEGORIES]
        reason = str(answer.get("reason", ""))[:500]
    return verdict, categories, reason, _record("fair_housing", call, verdict)


def fair_housing_review(
    text: str, *, written_by_llm: bool = False, client: anthropic.Anthropic | None = None
) -> GuardResult:
    """The Guard every outbound text goes through: rules, then the reviewer when it applies."""
    rules = check_fair_housing(text)
    if rules.verdict == FairHousingVerdict.BLOCK or not reviewer_enabled():
        return rules
    if rules.verdict == FairHousingVerdict.ALLOW and not written_by_llm:
        return rules
    verdict, categories, reason, call = _fair_housing_llm(text, client)
    if rules.verdict == FairHousingVerdict.ALLOW:
        verdict = stricter(rules.verdict, verdict)
    found = set(rules.categories) | set(categories)
    return replace(
        rules,
        verdict=verdict,
        categories=[c for c in CATEGORIES if c in found] if verdict != "allow" else [],
        reviewer=Reviewer.LLM,
        reason=reason,
        call=call,
        suggestion=rules.suggestion if verdict == FairHousingVerdict.BLOCK else None,
    )


def consent_review(
    text: str, *, opted_out: bool = False, client: anthropic.Anthropic | None = None
) -> ConsentResult:
    """An inbound text's consent meaning: rules, then the reviewer on UNCLEAR."""
    rules = classify(text, opted_out=opted_out)
    if rules.verdict != ConsentVerdict.UNCLEAR or not reviewer_enabled():
        return rules
    answer, call = _ask("opt_out", OPT_OUT_SYSTEM, OPT_OUT_TOOL, text, client)
    verdict = (answer or {}).get("verdict")
    channel = (answer or {}).get("channel")
    if verdict not in ("opt_out", "unclear", "none") or channel not in (
        "sms",
        "email",
        "all",
        "none",
    ):
        if call.outcome == "ok":
            call = replace(call, outcome="unparsable", reason="verdict outside the schema")
        return replace(rules, reviewer=Reviewer.LLM, call=_record("opt_out", call, "unclear"))
    call = _record("opt_out", call, verdict)
    return ConsentResult(
        verdict=verdict,
        channel=(channel if channel != "none" else "sms") if verdict == "opt_out" else None,
        rule=f"llm:{rules.rule}",
        spans=rules.spans,
        reviewer=Reviewer.LLM,
        call=call,
    )
