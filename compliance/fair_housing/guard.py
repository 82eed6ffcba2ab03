"""check_fair_housing: the deterministic Fair Housing screen for any text shown to a lead.

Two layers decide together: the phrase rules (rules.py: exclusion, preference and description
templates per class, steering and coded language) and the clause analysis (clauses.py: a class
or proxy reference and the frame around it). A phrase-rule hit or a clause with an adverse frame
is BLOCK; a class reference near the lead, residents or a place with no clear frame is REVIEW.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from compliance.fair_housing.base import (
    CATEGORIES,
    FAMILIAL_STATUS,
    SEX,
    STEERING,
    WARNING_CATEGORIES,
    Rule,
)
from compliance.fair_housing.clauses import ClauseHit, analyse
from compliance.fair_housing.refs import PARTY_SELF
from compliance.fair_housing.rewrite import suggest
from compliance.verdicts import FairHousingVerdict, GuardResult, Span

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)
# Housing for older persons (HOPA) may state its age limit; a shared unit may state a sex.
HOPA = re.compile(
    r"\b(?:55|62) ?\+|\b(?:55|62) (?:and|&|or) (?:over|older|up|above)\b|\b(?:55|62)[- ]plus\b|"
    r"\bage[- ](?:restricted|qualified)\b|\bsenior (?:living|communit(?:y|ies)|housing|apartments|"
    r"residences?)\b|\bactive adult\b|\bhopa\b|\bhousing for older persons\b|"
    r"\bretirement communit(?:y|ies)\b"
)
ROOMMATE = re.compile(
    r"\b(?:room ?mates?|house ?mates?|flat ?mates?|shared (?:room|bath(?:room)?|kitchen|living|"
    r"unit|apartment|house|home|suite)|rent(?:ing)? (?:out )?a room|room for rent|spare room)\b"
)
_STEERING_CONTEXT = re.compile(
    r"\b(?:neighbou?rhoods?|areas?|parts? of town|sides? of town|communit(?:y|ies)|blocks?|"
    r"streets?|enclaves?|subdivisions?|live|lives|living|moving|move|there|here|fit in|belong|"
    r"cluster(?:ed|s)?|concentrated|settled?|neighbou?rs|look (?:in|at|elsewhere)|instead|"
    r"(?:went|moved?|ended up|bought|buy|buying|settled) (?:to|in|out)|welcom(?:e|ing)|"
    r"feel (?:right |more |so )?(?:at home|comfortable|welcome)|blend in)\b"
)
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n+")
_ABBREV = re.compile(r"\b(?:st|dr|mr|mrs|ms|ave|blvd|rd|ln|jr|sr|no|approx|sq|ft|mt|ft|u\.s)\.$")


@dataclass(frozen=True)
class Hit:
    rule: Rule
    start: int  # offsets into the original text
    end: int
    categories: tuple[str, ...]


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-case, straight quotes, ASCII dashes, single spaces; with each char's source index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text.translate(_TRANSLATE)):
        if ch.isspace():
            if chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
            continue
        folded = unicodedata.normalize("NFKC", ch).lower()
        for part in folded:
            chars.append(part)
            index.append(i)
    return "".join(chars), index


def sentences(norm: str) -> list[tuple[int, int]]:
    """Spans of sentences in normalised text (not split after "St." or "Dr.")."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(norm):
        if _ABBREV.search(norm[max(start, m.start() - 6) : m.end()]):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(norm):
        spans.append((start, len(norm)))
    return [(a, b) for a, b in spans if norm[a:b].strip()]


def find_hits(text: str) -> list[Hit]:
    """Every rule hit in the text, after the HOPA and shared-housing exemptions."""
    norm, index = normalise(text)
    exempt = _exemptions(norm)
    hits: list[Hit] = []
    for a, b in sentences(norm):
        sentence = norm[a:b]
        own = [(m.start(), m.end()) for m in PARTY_SELF.finditer(sentence)]
        for rule, start, end, cats in _sentence_hits(sentence, exempt):
            if any(s <= start and end <= e for s, e in own):
                continue  # the seller or owner describing themselves
            hit = Hit(rule, index[a + start], index[a + end - 1] + 1, cats)
            if rule.proper_noun_next and not _proper_noun_at(text, hit.end):
                continue
            hits.append(hit)
    return hits


def _proper_noun_at(text: str, at: int) -> bool:
    """A place name ("Rundberg", "Dove Springs"), not an acronym ("HOA") or a common noun."""
    word = re.match(r"\s*([A-Za-z]+)", text[at:])
    if not word:
        return False
    w = word.group(1)
    return w[0].isupper() and (len(w) == 1 or w[1:].islower()) and w.lower() not in _NOT_PLACES


_NOT_PLACES = frozenset(
    re.findall(
        r"\w+",
        "monday tuesday wednesday thursday friday saturday sunday january february march april "
        "may june july august september october november december i the zillow redfin",
    )
)


@cache
def _rules() -> tuple[Rule, ...]:
    """The compiled rules, loaded on first use: compiling them takes about two seconds, which
    every process importing compliance.services should not pay at start-up."""
    from compliance.fair_housing.rules import RULES

    return RULES


def _sentence_hits(sentence: str, exempt: set[str]) -> list[tuple[Rule, int, int, tuple]]:
    raw: list[tuple[Rule, int, int, set[str]]] = []
    for rule in _rules():
        if rule.requires is not None and not rule.requires.search(sentence):
            continue
        if rule.unless is not None and rule.unless.search(sentence):
            continue
        cats = set(rule.categories) - exempt
        if cats:
            raw += [(rule, m.start(), m.end(), cats) for m in rule.pattern.finditer(sentence)]
    # A class word inside a preference/exclusion is that statement, not a neighbourhood portrait.
    statements = [(s, e) for r, s, e, _ in raw if r.kind == "class"]
    placed = bool(_STEERING_CONTEXT.search(sentence))
    out = []
    for rule, start, end, cats in raw:
        if end == start:
            continue
        inside = any(s <= start and end <= e for s, e in statements)
        if rule.kind == "mention" and placed and not inside:
            cats = cats | {STEERING}
        out.append((rule, start, end, tuple(c for c in CATEGORIES if c in cats)))
    return out


def _exemptions(norm: str) -> set[str]:
    exempt = set()
    if HOPA.search(norm):
        exempt.add(FAMILIAL_STATUS)
    if ROOMMATE.search(norm):
        exempt.add(SEX)
    return exempt


def find_clause_hits(text: str) -> list[ClauseHit]:
    """Clause-analysis hits with offsets into the original text (exemptions applied)."""
    norm, index = normalise(text)
    exempt = _exemptions(norm)
    hits = []
    spans = sentences(norm)
    for i, (a, b) in enumerate(spans):
        following = norm[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else ""
        for h in analyse(norm[a:b], a, following):
            if h.category in exempt:
                continue
            hits.append(
                ClauseHit(h.verdict, h.category, h.rule_id, index[h.start], index[h.end - 1] + 1)
            )
    return hits


# Phrase rules that name a place with no protected class: a person reads them ("avoid Rundberg").
REVIEW_ONLY_RULES = frozenset({"steering.avoid_place"})


def _verdict(hits: list[Hit], clause_hits: list[ClauseHit]) -> str:
    blocking = [h for h in hits if h.rule.id not in REVIEW_ONLY_RULES]
    if any(c not in WARNING_CATEGORIES for h in blocking for c in h.categories) or any(
        h.verdict == FairHousingVerdict.BLOCK for h in clause_hits
    ):
        return FairHousingVerdict.BLOCK
    if clause_hits or len(blocking) < len(hits):
        return FairHousingVerdict.REVIEW
    return FairHousingVerdict.ALLOW


def _is_clean(text: str) -> bool:
    return not find_hits(text) and not find_clause_hits(text)


def _suggestion(text: str, hits: list[Hit], clause_hits: list[ClauseHit]) -> str | None:
    """A safe rewrite: the phrase-rule rewrite, else the text without its flagged sentences."""
    if hits:
        return suggest(text, hits, _is_clean)
    norm, index = normalise(text)
    kept = []
    for a, b in sentences(norm):
        start, end = index[a], index[b - 1] + 1
        if not any(start <= h.start < end for h in clause_hits):
            kept.append(text[start:end].strip())
    result = " ".join(kept).strip()
    if len(result.split()) < 3 or not _is_clean(result):
        return None
    return result


def check_fair_housing(text: str, *, written_by_llm: bool = False) -> GuardResult:
    """Screen `text`: ALLOW, REVIEW (a person decides) or BLOCK (with a safe rewrite if any).

    A Guard (compliance.verdicts): the rules read every text the same way, so `written_by_llm`
    changes nothing here; compliance.review.fair_housing_review uses it to call the reviewer.
    """
    text = text or ""
    hits = find_hits(text)
    clause_hits = find_clause_hits(text)
    if not hits and not clause_hits:
        return GuardResult()
    verdict = _verdict(hits, clause_hits)
    counted = [
        h for h in clause_hits if verdict == FairHousingVerdict.REVIEW or h.verdict == verdict
    ]
    found = {c for h in hits for c in h.categories} | {h.category for h in counted}
    spans = sorted(
        [Span(h.start, h.end, text[h.start : h.end], h.rule.id) for h in hits]
        + [Span(h.start, h.end, text[h.start : h.end], h.rule_id) for h in counted],
        key=lambda s: (s.start, s.end),
    )
    matches: list[str] = []
    for span in spans:
        inside = any(
            o.start <= span.start
            and span.end <= o.end
            and (o.start, o.end) != (span.start, span.end)
            for o in spans
        )
        if not inside and span.text.strip() not in matches:
            matches.append(span.text.strip())
    blocked = verdict == FairHousingVerdict.BLOCK
    return GuardResult(
        verdict=verdict,
        categories=[c for c in CATEGORIES if c in found],
        rule_ids=sorted({s.rule for s in spans}),
        matches=matches,
        spans=spans,
        suggestion=_suggestion(text, hits, counted) if blocked else None,
    )
