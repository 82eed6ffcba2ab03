"""Safe rewrites: drop the offending clause (or just the offending words) and keep the neutral
description of the property; None when nothing neutral is left (the caller blocks the text)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

_SEPARATOR = re.compile(
    r"(\s*(?:[.!?;:,()]+|\s[-\u2013\u2014]+\s|\n+)\s*|\s+(?:and|but|so|because|which|where|since|"
    r"though|although|plus)\s+)",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"[.!?\n]")
# Hits fixed by deleting words rather than the whole clause.
_AREA_TAIL = re.compile(
    r"^.*?\b((?:neighbou?rhoods?|areas?|parts? of town|sides? of town|communit(?:y|ies)|"
    r"subdivision|suburbs?|zip codes?|parts? of (?:town|the city|austin)))$",
    re.IGNORECASE,
)
_MIN_WORDS = 3


_Hit = Any  # guard.Hit: .rule, .start, .end (offsets into the text)


def _inline(text: str, hits: Sequence[_Hit]) -> tuple[str, list[_Hit]]:
    """Apply word-level fixes; return the new text and the hits still needing a clause drop."""
    rest: list[_Hit] = []
    edits: list[tuple[int, int, str]] = []
    for h in hits:
        snippet = text[h.start : h.end]
        if h.rule.id == "steering.safety_area" and _AREA_TAIL.match(snippet):
            edits.append((h.start, h.end, _AREA_TAIL.sub(r"\1", snippet)))
        elif h.rule.id.endswith(".exclude") and snippet.lower().startswith("without "):
            edits.append((h.start, h.end, ""))
        else:
            rest.append(h)
    edits.sort(reverse=True)
    last = len(text) + 1
    shift_rest = list(rest)
    for start, end, new in edits:
        if end > last:  # overlapping edit: leave it to the clause drop
            continue
        text = text[:start] + new + text[end:]
        last = start
        delta = len(new) - (end - start)
        shift_rest = [_Shifted(h, start, delta) for h in shift_rest]
    return text, shift_rest


class _Shifted:
    def __init__(self, hit: _Hit, at: int, delta: int):
        self.rule = hit.rule
        self.start = hit.start + (delta if hit.start >= at else 0)
        self.end = hit.end + (delta if hit.end > at else 0)


def _drop_clauses(text: str, hits: Sequence[_Hit]) -> str:
    parts = _SEPARATOR.split(text)
    pieces, pos = [], 0
    for i in range(0, len(parts), 2):
        piece = parts[i]
        sep = parts[i + 1] if i + 1 < len(parts) else ""
        start, end = pos, pos + len(piece)
        bad = any(h.start < end and h.end > start for h in hits)
        pieces.append([piece, sep, bad])
        pos = end + len(sep)
    out: list[list] = []
    for piece, sep, bad in pieces:
        if not bad:
            out.append([piece, sep])
            continue
        if _TERMINAL.search(sep) and out and not _TERMINAL.search(out[-1][1]):
            out[-1][1] = sep
    return _tidy("".join(p + s for p, s in out))


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?=[.!?])", "", text)
    text = re.sub(r"^[\s,;:.!?-]+", "", text)
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    kept = [s for s in sentences if len(re.findall(r"[A-Za-z0-9']+", s)) >= _MIN_WORDS]
    kept = [s[0].upper() + s[1:] for s in kept]
    return " ".join(kept).strip()


def suggest(text: str, hits: Sequence[_Hit], is_clean: Callable[[str], bool]) -> str | None:
    """A rewrite of `text` without the hits, or None if none is safe and meaningful."""
    fixed, rest = _inline(text, hits)
    result = _drop_clauses(fixed, rest) if rest else _tidy(fixed)
    if len(re.findall(r"[A-Za-z0-9']+", result)) < _MIN_WORDS or result == text.strip():
        return None
    return result if is_clean(result) else None
