"""Rule type, category names and the regex glue shared by the Fair Housing rule modules."""

from __future__ import annotations

import re
from dataclasses import dataclass

RACE = "race"
COLOR = "color"
RELIGION = "religion"
SEX = "sex"
NATIONAL_ORIGIN = "national_origin"
FAMILIAL_STATUS = "familial_status"
DISABILITY = "disability"
STEERING = "steering"
SOURCE_OF_INCOME = "source_of_income"

# Report order; source_of_income is a warning (see README), every other category blocks.
CATEGORIES = (
    RACE,
    COLOR,
    RELIGION,
    SEX,
    NATIONAL_ORIGIN,
    FAMILIAL_STATUS,
    DISABILITY,
    STEERING,
    SOURCE_OF_INCOME,
)
WARNING_CATEGORIES = frozenset({SOURCE_OF_INCOME})


@dataclass(frozen=True)
class Rule:
    id: str
    categories: tuple[str, ...]
    pattern: re.Pattern[str]
    kind: str = "class"
    requires: re.Pattern[str] | None = None  # must also occur in the same sentence
    proper_noun_next: bool = False  # the original text must continue with a Capitalised word
    unless: re.Pattern[str] | None = None  # must not occur in the same sentence


def compile_rx(regex: str) -> re.Pattern[str]:
    """Compile a pattern for normalised text."""
    return re.compile(regex)


def rule(
    rid: str,
    cats: tuple[str, ...],
    regex: str,
    kind: str = "class",
    requires: str = "",
    proper_noun_next: bool = False,
    unless: str = "",
) -> Rule:
    """Compile one rule."""
    needs = compile_rx(requires) if requires else None
    bars = compile_rx(unless) if unless else None
    return Rule(rid, cats, compile_rx(regex), kind, needs, proper_noun_next, bars)


# A filler word between a verb and its object, never a preposition or conjunction.
_STOP = (
    r"(?:for|to|in|at|on|with|from|by|of|about|near|than|but|and|or|if|unless|except|while|"
    r"because|since|so|though|although|problem|problems|worries|issue|issues|need|hoa|one|doubt|"
    r"matter|way|wonder|rush|pressure|restrictions?|limit|limits|rules?|your|my|our|gay|lesbian|"
    r"straight|pregnant|expectant|trans|transgender)\b"
)
GAP = rf"(?:(?!{_STOP})[a-z'-]+ )"
ADJS = (
    r"(?:(?:a|an|the|any|some|nice|quiet|clean|responsible|respectful|stable|good|great|lovely|"
    r"young|older|retired|married|mature|professional|working|single|friendly|reliable|neat|"
    r"hard-?working|small|little|new|growing|large|big|one|two|only one|just one) )*"
)
END = r"(?!['\w])"  # no possessive ("kids' rooms") or longer word
