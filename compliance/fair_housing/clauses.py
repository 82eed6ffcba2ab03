"""Clause analysis: who is acted on, what is done, and which protected class (or proxy) is named.

For each sentence: find the class references (refs.py), drop those that are a feature of the
home, a landmark or a party describing itself, then look for the frame around the rest:

- exclude, prefer, set different terms, ask about, discourage  -> BLOCK
- describe or place residents by the class                      -> REVIEW
- no frame, but the reference is about the lead or the people who
  would live there                                              -> REVIEW
- anything else                                                 -> ALLOW

Each frame carries what it means and examples it must and must not find (tested).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compliance.fair_housing.refs import FEATURE, INCLUSIVE, REFS, RESIDENT
from compliance.verdicts import FairHousingVerdict

BLOCK, REVIEW = FairHousingVerdict.BLOCK, FairHousingVerdict.REVIEW


@dataclass(frozen=True)
class FhFrame:
    id: str
    meaning: str
    pattern: re.Pattern[str]
    verdict: str
    finds: tuple[str, ...]
    ignores: tuple[str, ...]


def fh_frame(id: str, meaning: str, regex: str, finds: tuple, ignores: tuple, verdict=BLOCK):
    return FhFrame(id, meaning, re.compile(regex), verdict, finds, ignores)


_NEG = r"(?:won't|wont|doesn't|doesnt|does not|don't|dont|do not|will not|would not|wouldn't|never)"
_DEAL = r"(?:rent|rents|lease|leases|sell|sells|show|shows|accept|allow|take|approve|consider|want)"

FRAMES: tuple[FhFrame, ...] = (
    fh_frame(
        "exclude",
        "Refusing or turning people away: won't rent to, turned down, said no to, not allowed.",
        rf"\b{_NEG} (?:\w+ ){{0,2}}?{_DEAL}\b|\bturn(?:s|ed)? (?:\w+ ){{0,3}}?(?:down|away)\b|"
        r"\b(?:said|says) no to\b|\bpass(?:ed)? on\b|\brejected\b|\bnot allowed\b|"
        r"\b(?:aren't|isn't|are not|is not) allowed\b|\bno exceptions\b|\bnever again\b|"
        r"\bnot (?:rent|sell|show)\b|"
        r"\bwouldn't show\b",
        (
            "he won't lease to them",
            "turned down a couple",
            "said no to the guy",
            "tenants with oxygen tanks aren't allowed",
        ),
        ("the seller will credit $5k", "the landlord has to approve changes in writing"),
    ),
    fh_frame(
        "prefer",
        "Wanting or preferring some people: prefers, would rather, hoping for, ideal for, only.",
        r"\b(?:prefers?|preferred|would rather|'d rather|rather have|hoping for|"
        r"wants? (?:a |an |the |to go with |someone |tenants |buyers |to know|neighbou?rs)|"
        r"looking for (?:a|an)\b|ideal for|perfect for|great fit for|best for|only (?:wants|rents|"
        r"shows|sells|rent|show|sell|to)|must (?:be|speak|have|be able)|needs? to be|"
        r"required|ideally|more comfortable|would love)\b|"
        r"\b(?:give|rent|sell|lease|show)(?: \w+){0,3} to (?:a|an|the) [\w-]+ over\b",
        (
            "owner prefers male tenants",
            "would rather rent to a couple",
            "ideal for a christian family",
            "applicants must speak fluent english",
        ),
        ("the inspection report came back clean",),
    ),
    fh_frame(
        "terms",
        "Different terms: extra deposit, rent or screening, a co-signer, discounts, other units.",
        r"\b(?:extra|additional|higher|bigger|double|more) (?:\w+ )?(?:month|deposit|rent|fees?|"
        r"screening|background|checks?|review)\b|\bco-?signers?\b|\bguarantors?\b|"
        r"\bup front\b|\bdiscount\b|\bknocks? (?:\w+ )?off\b|"
        r"\bhave to (?:take|live|put down)\b|\bper child\b|\bcharges?\b",
        (
            "wants an extra month of deposit",
            "need a co-signer",
            "pay three months up front",
            "charges an extra $50 a month per child",
        ),
        ("hoa fee is $85 a month",),
    ),
    fh_frame(
        "ask",
        "Asking about a person's class: 'are you ...?', 'what church', 'the owner wants to know'.",
        r"\b(?:asks?|asked|asking|wants to know|wanted to know|need to know|needs to know|"
        r"to know if|check(?:ing)? if)\b(?! (?:every|all) (?:applicants?|tenants?))|"
        r"\b(?:are|is|do|does|did|will|would|have) (?:you|your|y'all|the buyers?|they|he|she|"
        r"the applicants?)\b[^.?!]*\?|\b(?:what|which|where)\b[^.?!]*\?",
        ("are you pregnant?", "what church do y'all go to?", "the owner asks everyone"),
        ("the landlord asks every applicant for proof of income",),
    ),
    fh_frame(
        "discourage",
        "Discouraging a person: won't feel comfortable, out of place, a hard time, look elsewhere.",
        r"\b(?:might|may|won't|wont|wouldn't|would not|will not|not|never) (?:\w+ )?(?:feel|be) "
        r"(?:\w+ )?(?:comfortable|welcome|at home)\b|\bout of place\b|\bstick out\b|"
        r"\bstand out\b|\b(?:hard|tough|rough) time\b|\bnot (?:be )?(?:a |the |really )?(?:good |"
        r"great |right |best |an? ideal )?(?:fit|match|place|vibe)\b|\bnot great for\b|"
        r"\bisn't great for\b|"
        r"\blook(?:ing)? elsewhere\b|\bsomewhere else\b|\bkeep looking\b|\bsteer clear\b|"
        r"\bthink twice\b|\bwouldn't recommend\b|\bprobably not\b|\bwon't suit\b|\bnot love\b|"
        r"\bhates?\b|\bdon't love\b|\bbother\b|\bnervous\b|\bscare\b|\bcomplain\w*\b|\bworr\w+\b|"
        r"\bliability\b|\btrouble\b|\brisky?\b|\bawkward\b|\bold[- ](?:school|fashioned)\b|"
        r"\bnot (?:very )?welcoming\b|\bsomeone else\b|\bwouldn't\b|\bbetter off\b|"
        r"\bbad experience\b|\bnot used to\b|\bnot for\b|\bdoesn't like\b",
        (
            "you might not feel comfortable",
            "a hindu family would have a hard time",
            "i'd look elsewhere",
            "the building isn't great for someone with your condition",
        ),
        ("great light in the morning",),
    ),
    fh_frame(
        "steer",
        "Placing people by class: mostly, full of, moving in, usually end up, you'd feel at home.",
        r"\b(?:mostly|full of|lots of|a lot of|more and more|moving in|moving into|too many|"
        r"majority|end up|usually|tend to|happier|focus your search|send you listings|"
        r"start there|feel (?:right )?at home|your vibe|changing)\b",
        ("most hispanic buyers end up in del valle", "lots of jewish families near the synagogue"),
        ("the sellers are an older couple",),
        verdict=REVIEW,
    ),
)


# Frames that sit right beside the reference: "no X", "X only", "mostly X".
_BEFORE_EXCLUDE = re.compile(
    r"(?:\bno|\bwithout|\bnot (?:much |really |very |exactly |quite )?for(?: the)?|"
    r"\bbut not(?: to| for)?|"
    r"\bnot suit(?:ed|able) for(?: the)?"
    r"|\bperfect for(?: an?| the)?|\bideal for(?: an?| the)?"
    r"|\bgreat (?:home |unit )?for(?: an?| the)?"
    r"|\bbest suited for(?: an?| the)?) (?:\w+ )?$"
)
_AFTER_EXCLUDE = re.compile(
    r"^(?:[\w-]+ )?(?:only\b|need not apply|not allowed|not welcome|preferred|wanted)"
)
_BEFORE_DESCRIBE = re.compile(
    r"(?:\bmostly|\bpredominantly|\bmainly|\blargely|\bvery|\bstrong|\babout \d+ ?%|\bmany|"
    r"\blots of|\ba lot of|\bfull of) $"
)


def _local_frame(sentence: str, start: int, end: int) -> str | None:
    """BLOCK or REVIEW from the words right beside a reference, or None."""
    before, after = sentence[max(0, start - 40) : start], sentence[end:].lstrip()
    own = sentence[start:end].startswith(("no ", "without "))  # the reference is "no kids"
    if own or _BEFORE_EXCLUDE.search(before) or _AFTER_EXCLUDE.match(after):
        return BLOCK
    if _BEFORE_DESCRIBE.search(before):
        return REVIEW
    return None


# Statements whose reference and frame come together (tested on their examples).
COMPLETE: tuple[tuple[FhFrame, str], ...] = (
    (
        fh_frame(
            "refuse_modification",
            "Refusing a disabled person's modification (a ramp, grab bars, a stair lift).",
            r"\b(?:won't|wont|will not|doesn't|does not|don't|dont|not|never) (?:let|allow|permit) "
            r"(?:you|tenants?|them|him|her|residents?|owners?|buyers?) (?:to )?(?:put in|install|"
            r"add|build|have) (?:a |an |any )?(?:ramps?|grab bars?|stair ?lifts?|chair ?lifts?|"
            r"wider doors?|handrails?|roll-in showers?)\b",
            (
                "the hoa won't let you put in a ramp",
                "they don't allow tenants to install grab bars",
            ),
            ("the hoa won't let you put in a fence",),
        ),
        "disability",
    ),
    (
        fh_frame(
            "false_unavailability",
            "Telling someone a home is taken when it is not.",
            r"\b(?:said|told|tell|telling|says)\b(?: \w+){0,8}? (?:it|the unit|the house|the home|"
            r"the apartment|the place) (?:was|is|had been|has been) (?:already )?(?:taken|rented|"
            r"gone|sold|leased|not available|unavailable)\b.*\bbut (?:it )?(?:wasn't|isn't|was not|"
            r"is not|it's not|was still|is still)\b",
            ("told a family the unit was taken, but it wasn't",),
            ("told us the unit was taken, so we moved on",),
        ),
        "",  # the class comes from a reference in the sentence
    ),
)


@dataclass(frozen=True)
class ClauseHit:
    verdict: str
    category: str
    rule_id: str
    start: int  # into the normalised text
    end: int


def _live_refs(sentence: str) -> list[tuple[str, str, int, int, bool]]:
    """(ref id, category, start, end) of references not inside a feature/landmark/party span."""
    covered = [(m.start(), m.end()) for m in FEATURE.finditer(sentence)]
    out = []
    for r in REFS:
        for m in r.pattern.finditer(sentence):
            if any(a <= m.start() and m.end() <= b for a, b in covered):
                continue
            out.append((r.id, r.category, m.start(), m.end(), r.mention))
    return out


def analyse(sentence: str, offset: int = 0, following: str = "") -> list[ClauseHit]:
    """Hits for one normalised sentence (offsets shifted by `offset`).

    A short sentence or a question ("Pregnant?") takes its frame from the sentence after it.
    """
    hits = _complete(sentence, offset)
    refs = _live_refs(sentence)
    if not refs:
        return [h for h in hits if h.category]
    context = sentence
    if following and (sentence.rstrip().endswith("?") or len(sentence.split()) <= 4):
        context = f"{sentence} {following}"
    frames = [fr for fr in FRAMES if fr.pattern.search(context)]
    about_residents = bool(RESIDENT.search(sentence))
    strong = [fr for fr in frames if fr.verdict == BLOCK]
    if not strong and INCLUSIVE.search(sentence):
        return [h for h in hits if h.category]
    if any(not h.category for h in hits):  # a frame that takes its class from the references
        strong = [*strong, *(fr for fr, cat in COMPLETE if not cat)]
    for rid, category, start, end, mention in refs:
        local = _local_frame(sentence, start, end)
        if local == BLOCK:
            verdict, rule_id = BLOCK, f"clause.beside.{rid}"
        elif strong:
            verdict, rule_id = BLOCK, f"clause.{strong[0].id}.{rid}"
        elif frames or local:
            verdict, rule_id = REVIEW, f"clause.{frames[0].id if frames else 'describe'}.{rid}"
        elif about_residents and mention:
            verdict, rule_id = REVIEW, f"clause.mention.{rid}"
        else:
            continue
        hits.append(ClauseHit(verdict, category, rule_id, start + offset, end + offset))
    return [h for h in hits if h.category]


def _complete(sentence: str, offset: int) -> list[ClauseHit]:
    out = []
    for fr, category in COMPLETE:
        for m in fr.pattern.finditer(sentence):
            rule_id = f"clause.{fr.id}"
            out.append(ClauseHit(BLOCK, category, rule_id, m.start() + offset, m.end() + offset))
    return out
