"""Opt-out classifier: what an inbound text means for consent, and on which channel.

`classify(text) -> ConsentResult(verdict, channel, rule, spans)`: carrier keywords as the whole
message (STOP, UNSUBSCRIBE, ..., START, HELP), then each clause against the frames in
`frames.py`. Any revocation frame wins (OPT_OUT, honoured at once); a cessation word with no
clear object, or a frame a person must read, is UNCLEAR; else NONE. The channel is what the
revoking clauses name: texts (the default, we are texting), e-mail only ("unsubscribe me from
the newsletter, texts are fine" leaves SMS consent alone) or all.
"""

from __future__ import annotations

import re

from compliance.optout import frames as f
from compliance.optout.text import clauses, normalize
from compliance.verdicts import ConsentResult, ConsentVerdict, OptOutChannel, Span

OPT_OUT_KEYWORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out"}
)
START_KEYWORDS = frozenset({"start", "unstop"})
HELP_KEYWORDS = frozenset({"help", "info"})
_START_RE = re.compile(
    rf"^(?:{f.FILLER} )*(?:start|unstop|resume|resubscribe|subscribe|opt (?:me |us )?(?:back )?in|"
    rf"start (?:again|texting (?:me )?again)|resume (?:the )?texts)(?: {f.FILLER})*$"
)
_HELP_RE = re.compile(rf"^(?:{f.FILLER} )*(?:help|info)(?: {f.FILLER})*$")


def is_keyword(text: str, keywords: frozenset[str]) -> bool:
    """True when the whole message is one of `keywords` ("Stop." and "OPT OUT" included)."""
    words = normalize(text).replace("|", " ")
    words = " ".join(words.split())
    return words in keywords or words.replace(" ", "") in keywords


def _frame_hits(clause: str) -> list[tuple[str, str, str]]:
    """(frame id, verdict, matched words) for every frame the clause says."""
    hits = []
    for fr in f.FRAMES:
        m = fr.pattern.search(clause)
        if m and not (fr.unless and fr.unless.search(clause)):
            hits.append((fr.id, fr.verdict, m.group().strip()))
    return hits


def _bare_hits(parts: list[str], framed: set[int]) -> list[tuple[str, str, str]]:
    """A clause that is only "stop" (or only "enough"): a revocation when nothing else in the
    message talks about something else ("Who is this? Stop"), otherwise a person decides
    ("Stop! That price is amazing")."""
    strong = [p for p in parts if f.BARE_STRONG_RE.match(p)]
    weak = [p for p in parts if f.BARE_WEAK_RE.match(p)]
    if not strong and not weak:
        return []
    others = [
        p
        for i, p in enumerate(parts)
        if p not in strong and p not in weak and i not in framed and not f.FILLER_ONLY_RE.match(p)
    ]
    backed = all(f.DISENGAGED_RE.search(p) for p in others)
    if strong:
        verdict = ConsentVerdict.OPT_OUT if backed else ConsentVerdict.UNCLEAR
        return [("bare_stop", verdict, strong[0])]
    return [("bare_cessation", ConsentVerdict.UNCLEAR, weak[0])]


def _calls_only(clause: str) -> bool:
    return bool(f.CALL_WORDS.search(clause)) and not (
        f.SMS_WORDS.search(clause) or f.EMAIL_WORDS.search(clause)
    )


_LIST_CONTINUES = re.compile(
    rf"^(?:and |or |nor )?(?:{f.CONTACT_ING}|{f.CONTACT_NOUN})(?: (?:and|or|nor|me|us|\w+ing))*$"
)


def _listed_after(parts: list[str], revoking: set[str]) -> list[str]:
    """Clauses that only go on listing channels after a revoking one ("stop calling, texting
    and emailing me")."""
    out: list[str] = []
    for before, clause in zip(parts, parts[1:], strict=False):
        if (before in revoking or before in out) and _LIST_CONTINUES.match(clause):
            out.append(clause)
    return out


def _channel(words: str, revoking: list[str]) -> str | None:
    """The channel the revoking clauses name; None when they only stop calls we do not make
    and keep texts ("don't call me, texting is better")."""
    named: set[str] = set()
    for clause in revoking:
        if f.ALL_WORDS.search(clause):
            named.add("all")
        named |= {
            name
            for name, rx in (("email", f.EMAIL_WORDS), ("sms", f.SMS_WORDS), ("call", f.CALL_WORDS))
            if rx.search(clause)
        }
    keep_sms = bool(f.KEEP_SMS_RE.search(words))
    if "all" in named or f.ALL_WORDS.search(words) or ("email" in named and named - {"email"}):
        return OptOutChannel.EMAIL if keep_sms else OptOutChannel.ALL
    if named == {"email"}:
        return OptOutChannel.EMAIL
    if named == {"call"} and keep_sms:
        return None
    return OptOutChannel.EMAIL if keep_sms else OptOutChannel.SMS


def _keyword_result(words: str, opted_out: bool) -> ConsentResult | None:
    flat = " ".join(words.replace("|", " ").split())
    repeated = set(flat.split()) <= OPT_OUT_KEYWORDS  # "STOP STOP STOP"
    if repeated or flat in OPT_OUT_KEYWORDS or flat.replace(" ", "") in OPT_OUT_KEYWORDS:
        return ConsentResult(ConsentVerdict.OPT_OUT, OptOutChannel.SMS, "keyword")
    if flat in START_KEYWORDS or _START_RE.match(flat) or (opted_out and flat == "yes"):
        return ConsentResult(ConsentVerdict.START, OptOutChannel.SMS, "start")
    if flat in HELP_KEYWORDS or _HELP_RE.match(flat):
        return ConsentResult(ConsentVerdict.HELP, None, "help")
    return None


def _safety_net(words: str, keep_sms: bool) -> ConsentResult:
    """No frame matched, but a cessation word and our contact are both there: UNCLEAR."""
    cessation, contact = f.NET_CESSATION_RE.search(words), f.NET_CONTACT_RE.search(words)
    if not (cessation and contact) or keep_sms:
        return ConsentResult()
    spans = [Span(m.start(), m.end(), m.group(), "safety_net") for m in (cessation, contact)]
    return ConsentResult(ConsentVerdict.UNCLEAR, None, "safety_net", spans)


def classify(text: str, *, opted_out: bool = False) -> ConsentResult:
    """Classify an inbound text; "YES" re-subscribes only a lead who is opted out.

    Span offsets are into the normalised text (`compliance.optout.text.normalize`).
    """
    words = normalize(text)
    if not words:
        return ConsentResult()
    keyword = _keyword_result(words, opted_out)
    if keyword is not None:
        return keyword
    parts = clauses(words)
    hits: list[tuple[str, str, str, str]] = []
    framed: set[int] = set()
    keep_sms = bool(f.KEEP_SMS_RE.search(words))
    for i, clause in enumerate(parts):
        if keep_sms and _calls_only(clause):
            continue  # "don't call me at work, text is better": calls we do not make
        for fid, verdict, matched in _frame_hits(clause):
            hits.append((fid, verdict, matched, clause))
            framed.add(i)
    hits += [(fid, v, m, m) for fid, v, m in _bare_hits(parts, framed)]
    revoking = [h for h in hits if h[1] == ConsentVerdict.OPT_OUT]
    listed = _listed_after(parts, {h[3] for h in revoking})
    chosen = revoking or [h for h in hits if h[1] == ConsentVerdict.UNCLEAR]
    if not chosen:
        return _safety_net(words, keep_sms)
    spans = [Span(words.find(m), words.find(m) + len(m), m, fid) for fid, _, m, _ in chosen]
    if not revoking:
        return ConsentResult(ConsentVerdict.UNCLEAR, None, chosen[0][0], spans)
    channel = _channel(words, [h[3] for h in revoking] + listed)
    if channel is None:
        return ConsentResult(ConsentVerdict.NONE, None, "calls_only", spans)
    return ConsentResult(ConsentVerdict.OPT_OUT, channel, revoking[0][0], spans)
