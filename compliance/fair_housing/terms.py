"""Terms that are a preference or limitation on their own ("adults only", "able-bodied",
"bachelor pad", "English-only"), whatever surrounds them."""

from __future__ import annotations

from compliance.fair_housing.base import (
    DISABILITY,
    FAMILIAL_STATUS,
    NATIONAL_ORIGIN,
    SEX,
    STEERING,
    rule,
)
from compliance.fair_housing.vocab import QUANT

FAM = (FAMILIAL_STATUS,)
DIS = (DISABILITY,)

_NOT_FOR_YOU = (
    r"\b(?:isn't for you|not for you|won't work|wouldn't work|not (?:a )?(?:good |great )?fit|"
    r"look elsewhere|skip|pass|not suitable|not ideal|probably not|might not|may not|better off|"
    r"not recommended|wouldn't recommend)\b"
)

# Terms that are a preference or limitation on their own.
TERM_RULES = [
    rule(
        "familial.terms",
        FAM,
        r"\badults?[- ]only\b|\badult-only\b|\bonly adults\b|\bgolden[- ]agers?\b|"
        r"\b(?:only|max(?:imum)?|limit(?: of)?|no more than) (?:one|1|two|2|three|3) (?:occupants?|"
        r"persons?|people|residents?|kids?|children|minors?) under (?:the age of |age )?\d+\b|"
        r"\b(?:seniors|retirees|older (?:people|persons|adults|tenants)) only\b|"
        r"\bno (?:room|space|place) for (?:\w+ )?(?:kids|children|babies|a family|families)\b|"
        r"\b(?:one|two|single)[- ]person (?:households?|occupancy)\b|"
        r"\b(?:child|kid)[- ]?free\b|\bchildless\b|"
        r"\bsingles (?:building|community|complex|only|apartments?)\b|"
        r"\bmature (?:persons?|people|adults?|couples?|individuals?|tenants?|residents?|buyers?|"
        r"lady|ladies|wom[ae]n|m[ae]n|gentlem[ae]n|"
        r"renters?|occupants?|singles?|professionals?)\b|"
        r"\bempty[- ]?nesters?\b|"
        r"\b(?:no more than|not more than|no over|maximum of|max of|max|limit of|limit) "
        r"(?:\d+|one|two|three|four) (?:kids|children|child|minors)\b|"
        r"\bone child (?:max|maximum|only|limit)\b|"
        r"\b(?:only|just|max(?:imum)?|limit(?:ed)? to|no more than) (?:\w+ ){0,2}?(?:one|1|two|2|"
        r"three|3) (?:kids?|child|children)\b|"
        r"(?<!active )\badult (?:building|complex|community|apartments)\b|"
        r"\bnot (?:kid|child|family)[- ]friendly\b",
    ),
    rule(
        "familial.occupancy_cap",
        FAM,
        r"\b(?:max(?:imum)?|only|limit(?: of)?|no more than|not more than|up to)(?: of)? "
        r"(?:one|1|two|2) (?:occupants?|people|persons|residents|tenants|adults)\b"
        r"(?! (?:have|has|had|are|were|toured|saw|viewed|came|asked|applied|called)\b)",
        requires=r"\b(?:three|four|five|3|4|5)[- ]?(?:bedrooms?|br|bed|bd)\b",
        unless=r"\bper (?:bed)?room\b|\bpets?\b",
    ),
    rule(
        "familial.friendly",
        FAM,
        r"\b(?:kid|child|family|children)[- ](?:friendly|oriented|centered|centric) "
        r"(?:neighbou?rhoods?|areas?|communit(?:y|ies)|"
        r"streets?|complex|building|subdivision|part of town|apartments?)\b",
    ),
    rule(
        "familial.demographic",
        (FAMILIAL_STATUS, STEERING),
        rf"\b{QUANT} (?:young |little |small |older )?(?:kids|children|families|young families|"
        r"retirees|seniors|couples|singles|empty nesters|young couples|older couples|"
        r"elderly people|old people)\b",
        requires=r"\b(?:neighbou?rhoods?|streets?|blocks?|areas?|buildings?|complex|subdivisions?|"
        r"communit(?:y|ies)|cul-de-sac|here|there|around|live|lives|living|moving|moved|nearby|"
        r"next door|noisy|quiet|crowd)\b",
    ),
    rule(
        "familial.mostly",
        (FAMILIAL_STATUS, STEERING),
        r"\b(?:mostly|predominantly|primarily|largely|mainly|overwhelmingly|almost all|all) "
        r"(?:young |older |retired )?(?:families|retirees|seniors|couples|singles|empty nesters|"
        r"elderly|old people|kids|children)\b",
    ),
    rule(
        "familial.described",
        (FAMILIAL_STATUS, STEERING),
        r"\b(?:neighbou?rs|residents|people|folks|everyone|buyers|homeowners)(?: \w+){0,3}? "
        r"(?:are|is|were|have been) (?:(?:mostly|mainly|all|largely|predominantly|primarily|pretty "
        r"much) )?(?:\w+ )?(?:retirees|young families|families with (?:young )?(?:kids|children)|"
        r"empty nesters|older couples|seniors|young couples|singles|elderly)\b",
    ),
    rule(
        "familial.if_you_have",
        FAM,
        r"\bif you(?:'re| are| have| plan to have| are planning| are expecting)(?: on having)? "
        r"(?:an? |any |young |little |small )*(?:kids|children|a family|a baby|pregnant|expecting|"
        r"toddlers|teenagers)\b",
        requires=_NOT_FOR_YOU,
    ),
    rule(
        "disability.if_you_have",
        DIS,
        r"\bif you(?:'re| are| have| use| need) (?:an? |any )?(?:disabilit\w*|handicap\w*|"
        r"wheelchair|walker|service animal|support animal|disabled|blind|deaf|mobility issues)\b",
        requires=_NOT_FOR_YOU,
    ),
    rule("sex.bachelor_pad", (SEX,), r"\bbachelor(?:'s)? pad\b|\bbachelor(?:ette)?s?(?!['\w])"),
    rule(
        "disability.terms",
        DIS,
        r"\bable[- ]bodied\b|\bcripples?\b|\bretard(?:ed|s)\b|\blunatics\b|\binsane\b|\bpsychos\b|"
        r"\b(?:must|should|need to|needs to|has to|have to) be able to (?:climb|walk|use|navigate|"
        r"manage|handle|go up|get up|do) (?:up )?(?:the |all )?(?:\w+ )?(?:stairs|steps)\b|"
        r"\b(?:must|should|need to|has to|have to) be (?:physically |mentally )?(?:fit|healthy|"
        r"mobile|ambulatory|in good (?:physical |mental )?health|able to walk)\b|"
        r"\bphysically (?:fit|able|capable) (?:tenants|buyers|residents|people|applicants|only)\b|"
        r"\b(?:healthy|fit) (?:tenants|residents|applicants|buyers) only\b|"
        r"\b(?:the )?mentally ill\b|\bno mental\b|"
        r"\b(?:must not|cannot|can't|shouldn't|should not|may not) have (?:any |a )?"
        r"(?:history of )?"
        r"(?:mental|psychiatric|disabilit|handicap|medical condition)|"
        r"\bindependent living only\b|\bmust (?:be able to )?live independently\b|"
        r"\b(?:who|that) ?(?:is|are|'s|'re|isn't|aren't|is not|are not|was|were) (?:not )?"
        r"(?:disabled|handicapped|crippled|blind|deaf|in a wheelchair|mentally ill|"
        r"on disability)\b",
    ),
    rule(
        "national_origin.language",
        (NATIONAL_ORIGIN,),
        r"\b(?:must|should|need to|needs to|have to|has to) (?:be able to )?speak (?:fluent |good |"
        r"proper |perfect |native |clear )?english\b|\bnative english speakers?\b|"
        r"\b(?:no|without) (?:an? |heavy |thick |foreign )*accents?\b|"
        r"\b(?:us |u\.s\. |american )?citizens only\b|"
        r"\benglish as (?:a|their|his|her|your) (?:first|native|primary) language\b|"
        r"\benglish[- ]only\b|"
        r"\b(?:only|must be|who are|who is|to be) (?:\w+ ){0,4}?(?:legal|lawful|documented) "
        r"(?:residents?|immigrants?|status)\b|\blegal residents only\b|"
        r"\b(?:without|no|must have|need|needs|requires?|show(?: us)?) (?:a |your |their |valid )?"
        r"(?:(?:proof|copy|copies) of (?:an? |your |their )?)?"
        r"(?:green cards?|legal status|immigration (?:papers|status|documents)|"
        r"proof of citizenship|citizenship papers)\b|"
        r"\b(?:applicants?|tenants?|buyers?|people|anyone|someone|those|renters?|folks|families|"
        r"persons?) (?:who|that) (?:don't|do not|doesn't|does not|can't|cannot|can not) speak "
        r"(?:\w+ )?english\b|"
        r"\bmust be (?:an? )?(?:us |u\.s\. |american )?(?:citizens?|born here)\b|"
        r"\b(?:proof of )?(?:us |u\.s\. )?citizenship (?:is )?required\b|"
        r"\b(?:american|us|u\.s\.|native)[- ]born (?:only|tenants|buyers|people|applicants)\b",
    ),
]

_BECAUSE = (
    r"\b(?:because(?: of)?|since|as|due to(?: the fact that)?|on account of) (?:he's|she's|they're|"
    r"you're|he is|she is|they are|you are|the (?:buyers?|tenants?|applicants?) (?:is|are)|"
    r"(?:the|your|their|his|her))? ?(?:an? )?"
)
# "turned down because he's deaf", "can't approve it because of the baby".
BECAUSE_RULES = [
    rule(
        "familial.because",
        FAM,
        _BECAUSE + r"(?:baby|babies|kids|children|child|pregnancy|pregnant|expecting|toddlers?|"
        r"newborn|teenagers?|a single (?:mom|dad|parent|mother|father))\b",
    ),
    rule(
        "disability.because",
        DIS,
        _BECAUSE + r"(?:disabilit(?:y|ies)|disabled|handicap(?:ped)?|deaf|deafness|blind|blindness|"
        r"wheelchair|walker|service (?:dog|animal)|support (?:dog|animal)|mental illness|mentally "
        r"ill|condition|illness)\b",
    ),
    rule(
        "national_origin.because",
        (NATIONAL_ORIGIN,),
        _BECAUSE + r"(?:accent|nationality|national origin|immigration status|citizenship|"
        r"ethnicity|english)\b",
    ),
    rule(
        "familial.charged_more",
        FAM,
        r"\b(?:rent|deposits?|fees?|price)\b[^.!?]{0,40}\b(?:up|more|higher|extra|increases?)\b"
        r"[^.!?]{0,30}\b(?:child|children|kids?|baby|babies|toddlers?)\b",
    ),
]
TERM_RULES += BECAUSE_RULES
