"""Normalising an inbound text for the opt-out rules: ASCII, lower case, contractions joined,
common SMS abbreviations spelled out, and typos of the words the rules look for corrected."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Shorthand leads type, spelled out ("pls stop txting me" -> "please stop texting me").
ABBREVIATIONS = {
    "txt": "text",
    "txts": "texts",
    "txting": "texting",
    "txtin": "texting",
    "msg": "message",
    "msgs": "messages",
    "msging": "messaging",
    "msgin": "messaging",
    "sto": "stop",
    "stp": "stop",
    "pls": "please",
    "plz": "please",
    "plez": "please",
    "ur": "your",
    "yr": "your",
    "u": "you",
    "frm": "from",
    "mor": "more",
    "thx": "thanks",
    "ty": "thanks",
    "unsub": "unsubscribe",
    "sms": "texts",
    "e-mail": "email",
    "emails": "emails",
}
# Words the rules key on; a near miss of one of these (one typo) is read as the word.
KEYWORDS = [
    "stop",
    "texting",
    "messaging",
    "message",
    "messages",
    "contact",
    "contacting",
    "contacted",
    "unsubscribe",
    "remove",
    "alone",
    "again",
    "texts",
    "calling",
    "emailing",
    "sending",
    "please",
    "quit",
    "cease",
    "number",
    "anymore",
    "interested",
    "subscribe",
    "list",
    "harassment",
    "harassing",
    "spamming",
    "reporting",
    "bothering",
    "text",
    "call",
    "email",
    "send",
]
# Real words one typo away from a keyword: never "corrected" ("step" is not "stop").
_REAL_WORDS = frozenset(
    [
        "step",
        "shop",
        "spot",
        "stay",
        "stoop",
        "stops",
        "stopped",
        "top",
        "texas",
        "test",
        "tenting",
        "testing",
        "massage",
        "passage",
        "messy",
        "contract",
        "contacts",
        "remote",
        "removed",
        "rename",
        "alike",
        "along",
        "alone",
        "again",
        "against",
        "agent",
        "aging",
        "gain",
        "texted",
        "calling",
        "culling",
        "selling",
        "sending",
        "spending",
        "ending",
        "lending",
        "tending",
        "bending",
        "rending",
        "mending",
        "quiet",
        "quite",
        "suit",
        "quilt",
        "quits",
        "lint",
        "list",
        "lost",
        "last",
        "lust",
        "mist",
        "less",
        "please",
        "pleased",
        "lease",
        "release",
        "cause",
        "caused",
        "case",
        "cased",
        "nature",
        "nuance",
        "sender",
        "sanding",
        "interest",
        "interests",
        "harass",
        "message",
        "numbers",
        "lumber",
        "member",
        "cumber",
        "anyways",
        "anyway",
        "lista",
        "listo",
        "texto",
        "textos",
        "mensaje",
        "llama",
        "llame",
        "calle",
        "cell",
        "tell",
        "sent",
        "tend",
        "spend",
        "mend",
        "lend",
        "bend",
        "semd",
    ]
)
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_ADJACENT = {
    row[i]: {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
    for row in _KEYBOARD_ROWS
    for i in range(len(row))
}


def _one_typo(word: str, target: str) -> bool:
    """Damerau distance 1, where a substitution must be a neighbouring key."""
    if abs(len(word) - len(target)) > 1 or word == target:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diff) == 1:
            a, b = word[diff[0]], target[diff[0]]
            return b in _ADJACENT.get(a, set())
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and word[diff[0]] == target[diff[1]]
            and word[diff[1]] == target[diff[0]]
        )
    short, long_ = sorted((word, target), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@cache
def correct(token: str) -> str:
    """The keyword a token is a typo of, or the token itself."""
    token = re.sub(r"(.)\1{2,}", r"\1", token)  # "stooop" -> "stop"
    if token in ABBREVIATIONS:
        return ABBREVIATIONS[token]
    if len(token) < 4 or token in _REAL_WORDS or token in KEYWORDS:
        return token
    if token.endswith("s") and token[:-1] in KEYWORDS:
        return token  # a plural ("lists", "calls") is not a typo
    if len(token) >= 5 and token[-1] == token[-2] and token[:-1] in KEYWORDS:
        return token[:-1]  # "stopp"
    for word in KEYWORDS:
        if word[0] == token[0] and _one_typo(token, word):
            return word
    if token.endswith("in") and token + "g" in KEYWORDS:
        return token + "g"  # "textin" -> "texting"
    return token


def normalize(text: str) -> str:
    """ASCII lower case, punctuation to spaces except clause marks, typos corrected.

    Clause marks (. , ! ? ; : and new lines) become " | " so rules can stay inside one clause.
    """
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    folded = re.sub(r"['\u2019`]", "", folded)  # don't -> dont, i'm -> im
    folded = re.sub(r"(?<=[a-z])\d+(?=[a-z])", " ", folded)  # "STOP2END"
    folded = re.sub(r"[.,!?;:\n\r]+", " | ", folded)
    folded = re.sub(r"[^a-z0-9| ]+", " ", folded)
    tokens = [correct(t) if t != "|" else t for t in folded.split()]
    out = " ".join(tokens)
    out = re.sub(r"(?:\| )+\|", "|", out)
    return out.strip(" |")


def clauses(words: str) -> list[str]:
    """The clauses of a normalised text (split at clause marks and at "but")."""
    parts = re.split(r" ?\| ?| \bbut\b ", words)
    return [p.strip() for p in parts if p.strip()]
