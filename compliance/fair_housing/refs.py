"""Protected-class references for the clause analysis: the class itself or a proxy for it.

Each `Ref` says which class it points at, what counts, and examples it must and must not find
(tested). Patterns run on normalised text (guard.normalise: lower case, straight quotes, single
spaces). A reference alone is not a violation: clauses.py decides with the frame around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compliance.fair_housing.base import (
    COLOR,
    DISABILITY,
    FAMILIAL_STATUS,
    NATIONAL_ORIGIN,
    RACE,
    RELIGION,
    SEX,
)
from compliance.fair_housing.vocab import NAT_ADJ_A, NAT_ADJ_U, REL_ADJ, REL_NOUNS

PERSON = (
    r"(?:famil(?:y|ies)|buyers?|tenants?|people|folks|couples?|guys?|m[ae]n|wom[ae]n|"
    r"neighbou?rs?|renters?|applicants?|clients?|kids?|residents?|owners?|persons?|households?|"
    r"ones?|crowd|faces|names?|husband|wife|partner)"
)


_PLACES = (
    r"(?:complex|building|neighbou?rhood|area|street|block|subdivision|school|community|town|"
    r"side of town|zip code|hood)"
)
_QUANT = r"(?:mostly|predominantly|mainly|largely|almost all|all|very|pretty|overwhelmingly)"
_THINGS = (
    r"(?:granite|cabinets?|paint|trim|fence|doors?|tile|counters?|appliances|shutters|roof|oak|"
    r"marble|brick|stone|walls?|finish|with)"
)


@dataclass(frozen=True)
class Ref:
    id: str
    category: str
    meaning: str
    pattern: re.Pattern[str]
    finds: tuple[str, ...]
    ignores: tuple[str, ...]
    mention: bool = True  # named with no frame near the lead or residents: a person reads it


def ref(
    id: str,
    category: str,
    meaning: str,
    regex: str,
    finds: tuple,
    ignores: tuple,
    mention: bool = True,
) -> Ref:
    return Ref(id, category, meaning, re.compile(regex), finds, ignores, mention)


REFS: tuple[Ref, ...] = (
    ref(
        "race.words",
        RACE,
        "Race named for people: a race word with a person, or a person said to be of a race.",
        rf"\b(?:white|black|asian|brown)s?(?= {PERSON}\b)|\b(?:caucasians?|african[- ]americans?|"
        r"minorit(?:y|ies)|people of colou?r|race|racial|ethnicity|racist)\b|"
        r"\b(?:husband|wife|partner|buyers?|tenants?|family|you|he|she) (?:is |are )?"
        r"(?:white|black|asian)(?=\s*(?:[?.!,]|$|or\b))|"
        r"\b(?:is|isn't|is not|are|aren't|not|as an?|be|being) (?:white|black|asian)\b"
        r"(?! (?:granite|cabinets?|paint|trim|fence|doors?|tile|counters?|appliances|shutters|"
        r"roof|oak|marble|brick|stone|walls?|finish))",
        ("is your husband white", "the buyer isn't black", "a white family", "minorities"),
        ("black granite countertops", "white shaker cabinets", "white picket fence"),
    ),
    ref(
        "race.described",
        RACE,
        "A place or group described by a race word with a quantifier ('the complex is mostly "
        "white'); only where the sentence names a place or people.",
        rf"\b{_PLACES}\b[^.!?]{{0,60}}?\b{_QUANT} (?:white|black|asian|brown)\b(?! {_THINGS})|"
        rf"\b{_QUANT} (?:white|black|asian|brown) (?:{_PLACES}|people|folks|families|"
        r"neighbou?rs)\b",
        ("that complex is mostly white so", "the area is predominantly black now"),
        ("the kitchen is mostly white with brass accents",),
    ),
    ref(
        "color.skin",
        COLOR,
        "Skin colour or complexion of a person, or screening people by how they look.",
        r"\b(?:light|dark|fair|darker|lighter|olive)[- ]?(?:skinned|skin|complexion)\b|"
        r"\bskin (?:tone|colou?r)\b|\bcomplexion\b|"
        r"\b(?:nobody|no one|anyone|someone|she|he|they|tenants?|applicants?|buyers?|renters?)"
        r"(?: (?:was|is|are|were|being))? too (?:dark|light|brown|black|pale)\b|"
        r"\b(?:see|know|check|find out) what (?:they|you|he|she|the \w+) looks? like\b",
        (
            "light-skinned tenants",
            "what's the buyer's skin tone",
            "a fair complexion",
            "said she was too dark for the building",
            "to see what the applicants look like",
        ),
        ("dark wood floors", "a fair price"),
    ),
    ref(
        "religion.words",
        RELIGION,
        "A religion or religious people named.",
        rf"\b(?:{REL_ADJ}|{REL_NOUNS}|non-?christians?|non-?believers?|churchgoers?|"
        r"god[- ]fearing|religious|religion|faith)\b",
        ("no muslims", "are you jewish", "a god-fearing tenant", "non-christians pay more"),
        ("the church across the street",),
    ),
    ref(
        "religion.practice",
        RELIGION,
        "Religion by practice or membership: attending mass or a church, praying, keeping the "
        "sabbath or kosher, Ramadan, religious dress, a congregation, shared 'values'.",
        r"\b(?:go(?:es)? to|goes to|attends?|attending|member of|members of|from) (?:his |her |"
        r"their |our |my |your |the )?(?:own )?(?:church|mosque|synagogue|temple|congregation|"
        r"parish)\b|\b(?:what|which) (?:church|mosque|synagogue|temple|religion)\b|"
        r"\b(?:attend|attends|go to) mass\b|\bbible study\b|\bpray(?:s|ing)?\b|\bsabbath\b|"
        r"\bshabbat\b|\bkosher\b|\bhalal\b|\bramadan\b|\bhijab\b|\bturban\b|\byarmulke\b|"
        r"\b(?:share|shares) (?:their|his|her|our) (?:values|faith|beliefs)\b|\bcongregation\b",
        (
            "people who go to her church",
            "buyers who attend mass",
            "do you observe the sabbath",
            "if you wear a hijab",
            "a family from the temple",
        ),
        ("the church across the street runs a market", "near the hindu temple"),
    ),
    ref(
        "national_origin.words",
        NATIONAL_ORIGIN,
        "A national origin, ethnicity or nationality of people.",
        rf"\b(?:{NAT_ADJ_U}|mexicans?|indians|nationality|nationalities|immigrants?|"
        r"foreigners?|foreign nationals?|illegals?|aliens?|refugees?|guatemalans?|nigerians?|"
        r"vietnamese)\b|"
        rf"\b{NAT_ADJ_A}(?=[- ](?:born|speakers?|{PERSON})\b)",
        (
            "no mexicans",
            "he won't rent to immigrants",
            "american-born renters",
            "nigerian applicants",
            "an american family",
        ),
        ("spanish-style home", "italian marble", "chinese elm"),
    ),
    ref(
        "national_origin.proxy",
        NATIONAL_ORIGIN,
        "National origin by proxy: birthplace, accent, language spoken, citizenship, papers, "
        "which country someone is from.",
        r"\b(?:where|born) (?:were|was) (?:you|he|she|they) born\b|\bwhere (?:were|was) (?:you|he|"
        r"she|they) born\b|\bborn (?:here|in (?:the )?(?:us|usa|u\.s\.|america|texas|this country|"
        r"the states))\b|\b(?:heavy|thick|strong|foreign|an|your|his|her|their) accents?\b|"
        r"\bwith (?:an? )?accents?\b|\b(?:speak|speaks|speaking|speaker|speakers) (?:\w+ )?"
        r"english\b|\benglish[- ]speak\w*\b|\b(?:native|fluent) english\b|\bcitizens?(?:hip)?\b|"
        r"\bgreen card\b|\b(?:are|is) (?:you|they|he|she) legal\b|\bpapers\b|\bpassport\b|"
        r"\b(?:what|which) country\b|\bfrom (?:other|another|which|what|certain|foreign) countr"
        r"(?:y|ies)\b|\bnot from (?:here|around here)\b|"
        r"\bwhere (?:(?:are|is|were|was) )?(?:your|his|her|their) (?:parents|family|folks|people|"
        r"ancestors|grandparents|husband|wife)(?: (?:are|is|were|was|came|come))?(?: originally)? "
        r"from\b|\bwhere (?:are|were|is|was) (?:you|they|he|she) originally from\b|"
        r"\bwhere (?:are|were|is|was) (?:you|they|he|she) from originally\b|"
        r"\bfrom (?:india|china|mexico|vietnam|"
        r"africa|asia|the middle east|overseas|abroad)\b",
        (
            "where were you born",
            "no one with a heavy accent",
            "bring your passport",
            "is your family from india",
            "if you're not from here",
        ),
        ("the landlord is out of the country until the 15th",),
    ),
    ref(
        "sex.words",
        SEX,
        "Sex, sexual orientation or gender identity of people.",
        rf"\b(?:male|female)(?=s?\b(?: {PERSON}\b| only| applicants| renters|s\b))|"
        r"\b(?:gay|lesbian|trans|transgender|same-sex|single wom[ae]n|single moms?|"
        r"single dads?|a wom[ae]n|a man|a guy|a girl|a lady|a gentleman|gentlem[ae]n|guys?|girls?|"
        r"ladies|lady|wom[ae]n|men|mom|husband|girlfriend|boyfriend)\b",
        ("owner prefers male tenants", "no gay couples", "a woman without a husband"),
        ("a male plug adapter",),
    ),
    ref(
        "familial.words",
        FAMILIAL_STATUS,
        "Children, pregnancy or household make-up of people.",
        r"\b(?:kids?|child|children|bab(?:y|ies)|infants?|toddlers?|teen(?:ager)?s?|newborns?|"
        r"little ones|pregnan\w*|expecting|twins|custody|single (?:parents?|moms?|dads?|mothers?|"
        r"fathers?)|families with|family with|(?:without|no) (?:kids|children)(?!'))\b",
        ("are you pregnant", "no kids under 10", "single parents need a cosigner"),
        ("family room opens to the kitchen",),
    ),
    ref(
        "familial.household",
        FAMILIAL_STATUS,
        "A household type used to pick residents (only with a frame: 'hoping for empty nesters').",
        r"\b(?:empty[- ]nesters?|retirees?|young (?:professional )?couples?|retired couples?|"
        r"couples? (?:without|with no) (?:kids|children)|single professionals?)\b",
        ("the seller is hoping for empty nesters", "great fit for a retired couple"),
        ("family room",),
        mention=False,
    ),
    ref(
        "disability.words",
        DISABILITY,
        "A disability, condition, device, medication, recovery or assistance animal of a person.",
        r"\b(?:disab\w+|handicap\w*|wheelchairs?|walkers?|canes?|crutches|oxygen|blind|deaf|"
        r"autis\w+|ptsd|hiv|aids|mental(?:ly)? (?:health|illness|ill|stable|conditions?)|psych\w*|"
        r"medications?|meds|diagnos\w+|condition|in recovery|sober|rehab|addicts?|"
        r"(?:service|support|assistance|therapy) (?:dogs?|animals?)|emotional support|"
        r"group home|healthy|able[- ]bodied|climb stairs)\b",
        (
            "tenants in wheelchairs",
            "do you take any psych meds",
            "anyone in recovery",
            "no service dogs",
            "an active, healthy tenant",
        ),
        ("walk-in closet",),
    ),
)

# A reference that is a thing, a place or a party describing itself, not a person's class.
FEATURE = re.compile(
    r"\b(?:wheelchair[- ]accessible|wheelchair ramp|accessible \w+|grab bars|roll-in shower|"
    r"(?:kids|children)'?s? (?:playroom|room|rooms|bath|furniture|area)|family room|"
    r"(?:church|mosque|synagogue|temple|cathedral)(?: on the corner)? (?:across|down|nearby|near|"
    r"next door|on|runs|has|is)|(?:near|by|to|across from|close to|walk to|minutes to|"
    r"minutes from|mile from) (?:the |a |st\.? )?(?:\w+ ){0,2}(?:church|mosque|synagogue|temple|"
    r"cathedral|school|center|centre|hospital)|service (?:and|or) (?:assistance|support) animals "
    r"(?:are|always)|(?:animals|dogs) (?:are )?(?:always )?welcome|deaf school|senior center|"
    r"va clinic|the (?:seller|owner|landlord|tenant|sellers|owners)(?:'s \w+)? (?:is|are|uses|has|"
    r"was) (?:a |an )?(?:\w+ ){0,2}|(?:agents?|team|we|i|staff|maria) (?:who |can |is |are )?"
    r"(?:speak|bilingual)(?: [\w,]+){0,6})"
)
# Words that open the home to everyone: a reference inside them is inclusive, not a limit.
INCLUSIVE = re.compile(
    r"\b(?:(?:are|is|always) welcome|welcome to|open to (?:all|everyone|anyone)|"
    r"available (?:to|for) (?:all|everyone|anyone|residents)|regardless of|equal housing|"
    r"everyone else|on request|"
    r"reasonable accommodations?)\b"
)
# A seller, owner or landlord describing themselves ("the owner is Jewish and asked ..."): not a
# statement about who may live there.
PARTY_SELF = re.compile(
    r"\bthe (?:seller|owner|landlord|sellers|owners)(?:'s \w+)? (?:is|are|was|were) (?:a |an )?"
    r"(?:\w+ ){0,3}"
)
# Whom a reference is about: the lead, or the people who would live there.
RESIDENT = re.compile(
    r"\b(?:you|your|you're|y'all|tenants?|buyers?|applicants?|renters?|residents?|occupants?|"
    r"neighbou?rs?|people|folks|families|anyone|someone|nobody|no one)\b"
)
