"""Questions about a protected class ("are you pregnant?", "what church do you attend?"): asking
is itself evidence of intent to discriminate, whatever the answer is used for."""

from __future__ import annotations

from compliance.fair_housing.base import (
    DISABILITY,
    FAMILIAL_STATUS,
    NATIONAL_ORIGIN,
    RACE,
    RELIGION,
    SEX,
    rule,
)

FAM = (FAMILIAL_STATUS,)
DIS = (DISABILITY,)

QUESTION_RULES = [
    rule(
        "religion.shared_faith",
        (RELIGION,),
        r"\b(?:shares?|sharing|of) (?:their|our|your|his|her|my|the same) (?:faith|religion|"
        r"religious (?:beliefs|values)|beliefs|church)\b|\b(?:same|right) (?:faith|religion)\b",
    ),
    rule(
        "religion.asked",
        (RELIGION,),
        r"\bwhat(?: is|'s)? your (?:religion|faith|denomination)\b|"
        r"\bwhat church do you (?:go to|attend|belong to)\b|\bare you (?:religious|a believer)\b|"
        r"\b(?:do|does) (?:you|your family) (?:go to|attend|belong to) (?:a |the |any )?"
        r"(?:church|mosque|synagogue|temple|congregation|parish)\b",
    ),
    rule(
        "race.asked",
        (RACE,),
        r"\bwhat(?: is|'s)? your (?:race|ethnicity|ethnic background|skin colou?r)\b",
    ),
    rule(
        "national_origin.asked",
        (NATIONAL_ORIGIN,),
        r"\bwhat(?: is|'s)? your (?:nationality|national origin|country of origin|heritage|"
        r"immigration status|accent)\b|\bwhere(?: is|'s| are|'re) (?:you|your \w+|they|he|she) "
        r"(?:really |originally )?from\b|"
        r"\bwhat country are you from\b|\bwere you born (?:here|in (?:the )?(?:us|usa|u\.s\.|"
        r"america|states))\b|\bare you (?:an? )?(?:us |u\.s\. |american )?citizen\b",
    ),
    rule(
        "familial.asked",
        FAM,
        r"\b(?:are you|is (?:she|your wife|your partner|your girlfriend)) pregnant\b|"
        r"\b(?:planning|plan|plans|thinking about|going) (?:to have|on having|having) (?:more )?"
        r"(?:kids|children|a baby|babies|a family)\b|\b(?:kids|children|a baby) on the way\b|"
        r"\b(?:to start|on starting|starting|to get|on getting|getting) (?:a family|pregnant)\b|"
        r"\b(?:who|that) (?:is|are) pregnant\b|"
        r"\b(?:if|when|since|now that) (?:you're|you are|she's|she is|your (?:wife|partner) is) "
        r"(?:expecting|pregnant)\b|"
        r"\b(?:nobody|no one|no (?:tenants?|residents?|buyers?|applicants?|occupants?|one)) "
        r"(?:under|below|younger than) (?:the age of )?\d+\b|"
        r"\b(?:any )?(?:kids|children|minors) (?:in|living in|living with) (?:your|the) "
        r"(?:household|family|home)\b|"
        r"\b(?:who|that) (?:have|has|don't have|doesn't have|do not have|does not have|with|"
        r"without) (?:any |no |young |small )?(?:kids|children)\b",
    ),
    rule(
        "disability.asked",
        DIS,
        r"\b(?:do|does) (?:you|anyone in your (?:family|household)|your \w+) have (?:an? |any )?"
        r"(?:disabilit(?:y|ies)|handicaps?|medical conditions?|mental (?:illness|health (?:issues|"
        r"conditions)))\b|"
        r"\b(?:are|is) (?:you|your \w+|he|she|they|anyone(?: in (?:your|the) \w+)?) "
        r"(?:disabled|handicapped|mentally ill|in a wheelchair|blind|deaf)\b|"
        r"\bwhat(?:'s| is) (?:your|the nature of your) "
        r"(?:disability|handicap|condition|diagnosis)\b|"
        r"\bwhy do you need (?:a|the|an) "
        r"(?:wheelchair|service animal|support animal|service dog|ramp)\b",
    ),
    rule(
        "sex.asked",
        (SEX,),
        r"\bwhat(?: is|'s)? your (?:sexual orientation|gender identity)\b|"
        r"\bare you (?:gay|straight|transgender|trans)\b",
    ),
]
