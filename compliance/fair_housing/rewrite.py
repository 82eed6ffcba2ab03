"""Safe rewrites for advertising-style text: drop the offending clause or sentence (or only the
offending words) and keep the neutral description of the property.

No suggestion (None, the caller blocks and hands off) when the text steers, describes who lives
somewhere, or asks about a protected class: removing words cannot make such a message neutral.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

_Hit = Any  # guard.Hit: .rule, .start, .end (offsets into the text), .categories

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_ABBREV = re.compile(r"\b(?:st|dr|mr|mrs|ms|ave|blvd|rd|ln|jr|sr|no|approx|sq|ft|mt|u\.s)$", re.I)
_CLAUSE_SEP = re.compile(r"\s*[,;:()]\s*|\s+[-\u2013\u2014]+\s+")
_CONNECTOR = re.compile(
    r"^(?:so|which|and|but|because|since|given|though|although|or|plus|where|then)\b", re.I
)
_AREA_TAIL = re.compile(
    r"^.*?\b((?:neighbou?rhoods?|areas?|parts? of town|sides? of town|communit(?:y|ies)|"
    r"subdivision|suburbs?|zip codes?|parts? of (?:town|the city)))$",
    re.IGNORECASE,
)
_MIN_WORDS = 3


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9']+", text))


# Statements that can be cut from the end of a description ("..., perfect for a young couple").
_CLAUSE_RULES = re.compile(
    r"\.(?:suits|only|prefer|not_them|exclude|not_allowed|free_of|unavailable|not_a_match|"
    r"elsewhere|rather_than|refuse)$"
)


# Advice to a person: a safety word there is steering, not a listing adjective.
_ADVICE = re.compile(
    r"\b(?:i'd|i would|you'd|you would|you'll|you will|instead|recommend|suggest|look in|stay|"
    r"trust me|if i were you)\b",
    re.IGNORECASE,
)


def _blocks_rewrite(hit: _Hit, text: str) -> bool:
    if hit.rule.id == "steering.safety_area" and not _ADVICE.search(text):
        return (
            False  # a listing adjective, fixed in place: "a safe neighborhood" -> "a neighborhood"
        )
    return (
        "steering" in hit.categories
        or hit.rule.kind == "demographic"
        or hit.rule.id.endswith(".asked")
    )


def _inline(text: str, hits: Sequence[_Hit]) -> tuple[str, list[tuple[int, int, bool]]]:
    """Word-level fixes ("safe neighborhood" -> "neighborhood", a trailing "without children");
    returns the new text and the spans still to remove, shifted to the new offsets."""
    edits: list[tuple[int, int, str]] = []
    spans: list[tuple[int, int, bool]] = []
    for h in hits:
        snippet = text[h.start : h.end]
        at_clause_end = re.match(r"\s*(?:[.,;:!?]|$)", text[h.end :]) is not None
        if h.rule.id == "steering.safety_area" and _AREA_TAIL.match(snippet):
            edits.append((h.start, h.end, _AREA_TAIL.sub(r"\1", snippet)))
        elif (
            h.rule.id.endswith(".exclude")
            and snippet.lower().startswith("without ")
            and (at_clause_end)
        ):
            edits.append(
                (h.start - 1 if text[h.start - 1 : h.start] == " " else h.start, h.end, "")
            )
        else:
            spans.append((h.start, h.end, bool(_CLAUSE_RULES.search(h.rule.id))))
    for start, end, new in sorted(edits, reverse=True):
        if any(s < end and e > start for s, e, _ in spans):
            continue  # the clause goes anyway
        text = text[:start] + new + text[end:]
        delta = len(new) - (end - start)
        spans = [
            (s + delta if s >= end else s, e + delta if e >= end else e, c) for s, e, c in spans
        ]
    return text, spans


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.group().startswith(".") and _ABBREV.search(text[start : m.start()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _rewrite_sentence(sentence: str, offset: int, spans: list[tuple[int, int, bool]]) -> str:
    """The sentence without its offending clauses, or "" to drop it."""
    lead_ws = len(sentence) - len(sentence.lstrip())
    bad = [
        (s - offset - lead_ws, e - offset - lead_ws, clause_rule)
        for s, e, clause_rule in spans
        if s < offset + len(sentence) and e > offset
    ]
    if not bad:
        return sentence
    stripped = sentence.strip()
    end_mark = re.search(r"[.!?]+$", stripped)
    terminal = end_mark.group() if end_mark else "."
    body = stripped[: end_mark.start()] if end_mark else stripped
    kept, pos = [], 0
    for m in [*_CLAUSE_SEP.finditer(body), None]:
        end = m.start() if m else len(body)
        clause = body[pos:end]
        lead = pos + len(clause) - len(clause.lstrip())
        hit_here = [(s, c) for s, e, c in bad if s < end and e > pos]
        if hit_here:
            # Only a trailing statement clause can go; otherwise the whole sentence goes.
            if not kept or any(s > lead + 1 or not c for s, c in hit_here):
                return ""
        elif clause.strip():
            kept.append(clause.strip())
        pos = m.end() if m else len(body)
    text = ", ".join(kept)
    if _words(text) < _MIN_WORDS or _CONNECTOR.match(text):
        return ""
    return text[0].upper() + text[1:] + terminal


def suggest(text: str, hits: Sequence[_Hit], is_clean: Callable[[str], bool]) -> str | None:
    """A rewrite of `text` without the hits, or None if none is safe and meaningful."""
    if not hits or any(_blocks_rewrite(h, text) for h in hits):
        return None
    fixed, spans = _inline(text, hits)
    sentences = [_rewrite_sentence(fixed[a:b], a, spans) for a, b in _sentence_spans(fixed)]
    result = re.sub(r"\s+", " ", " ".join(s.strip() for s in sentences if s.strip())).strip()
    result = re.sub(r"\b([Aa]) (?=[aeiouAEIOU])", r"\1n ", result)  # "a safe area" -> "an area"
    if _words(result) < _MIN_WORDS or result == text.strip():
        return None
    return result if is_clean(result) else None
