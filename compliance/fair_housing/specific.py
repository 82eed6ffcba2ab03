"""Steering and coded language, and who-comes-from-where; collects every phrase rule (terms.py,
questions.py) into RULES."""

from __future__ import annotations

from compliance.fair_housing.base import (
    COLOR,
    DISABILITY,
    FAMILIAL_STATUS,
    NATIONAL_ORIGIN,
    RACE,
    STEERING,
    Rule,
    rule,
)
from compliance.fair_housing.questions import QUESTION_RULES
from compliance.fair_housing.terms import TERM_RULES
from compliance.fair_housing.vocab import (
    FROM_COUNTRY,
    NAT_ADJ_U,
    PEOPLE,
    RACE_ADJ_U,
    REL_ADJ,
    alt,
)

ST = (STEERING,)
FAM = (FAMILIAL_STATUS,)
DIS = (DISABILITY,)

_YOU = (
    r"(?:you(?: and your (?:wife|husband|partner|spouse|family|kids|fianc[eé]e?|girlfriend|"
    r"boyfriend))?|you guys|you two|you both|y'all|your family|your kids|they|u)"
)
_MODAL = r"(?:'d|'ll|'re| would| will| might| may| probably| definitely| really| just| are)*"
_NEG = r"(?: not|n't| never)?"
_PLACE_AREA = (
    r"(?:neighbou?rhoods?|areas?|part of town|side of town|communit(?:y|ies)|subdivision|suburbs?|"
    r"zip codes?|parts? of (?:town|the city)|(?:east|west|north|south)[- ]?side|pockets?|"
    r"enclaves?|sections? of town|stretch|crowds?|element|"
    r"(?:east|west|north|south) end)"
)
_ELSEWHERE = (
    r"(?:in|over in|out in|up in|down in|over|out|around|among|elsewhere|somewhere else|"
    r"somewhere like|someplace like|(?:a |an )?(?:place|area|neighbou?rhood)s? like|"
    r"(?:on|in) the (?:east|west|north|south)(?: side)?|east of|west of|north of|south of|"
    r"with (?:people|folks|neighbou?rs|families|others|your own))"
)
_SAFETY_ADJ = alt(
    r"safer?",
    r"safest",
    r"unsafe",
    r"dangerous",
    r"crime[- ]free",
    r"low[- ]crime",
    r"high[- ]crime",
    r"no[- ]crime",
    r"crime[- ]ridden",
    r"sketchy",
    r"rough",
    r"shady",
    r"seedy",
    r"scary",
    r"bad",
    r"the wrong",
    r"ghetto",
    r"questionable",
    r"transitional",
    r"changing",
    r"declining",
    r"undesirable",
    r"dicey",
    r"iffy",
    r"run[- ]?down",
)
_WORSE = (
    r"(?:bad|rough|sketchy|dangerous|scary|unsafe|ghetto|shady|going downhill|gone downhill|"
    r"declining|deteriorating|changing|crime[- ]ridden|crime[- ]free|safe|very safe|sketch|iffy)"
)
# "you'll fit in a king bed" is about furniture; "fit in the neighborhood" is about people.
_NO_OBJECT = (
    r"(?! (?:a|an|the|your|my|his|her|their|two|three|four|\d+|all|both|plenty|lots|any|some|"
    r"every|this|that|these|those)\b(?! (?:neighbou?rhood|area|communit|street|block|crowd|"
    r"subdivision|hood|school|town)))"
)
_CODED = alt(
    r"(?:if )?you know what i(?:'m| am)? (?:mean|saying|getting at|talking about)",
    r"know what i mean",
    r"if you (?:catch|get) my (?:drift|meaning)",
    r"catch my drift",
    r"wink,? wink",
    r"\*wink\*",
    r"nudge,? nudge",
    r"read between the lines",
    r"if you get what i'm saying",
    r"(?:and )?you know why",
    r"for obvious reasons",
    r"if you get me",
    r"between you and me",
    r"(?:if )?you follow me",
    r"(?:if )?you see what i mean",
    r"(?:if )?you get the picture",
)
_CONTEXT = (
    r"\b(?:schools?|neighbou?rs?|neighbou?rhoods?|areas?|crowd|people|element|types?|kinds?|folks|"
    r"demographics?|parts? of town|sides? of town|communit(?:y|ies)|streets?|blocks?|families|"
    r"buyers|clients|subdivisions?|certain)\b"
)
_EAST = (
    r"(?:the )?(?:east side|eastside|(?:north|south|east|west) of (?:the )?(?:highway|freeway|"
    r"interstate|tracks|river|i-?\d+|ih-?\d+|\d+)|"
    r"over there|that (?:area|neighbou?rhood|side|part of town|side of town|zip code)|"
    r"the other side of (?:town|the highway|the freeway|the interstate|i-?\d+)|"
    r"[a-z]+ (?:side|area))"
)


STEERING_RULES = [
    rule(
        "steering.like_you",
        ST,
        r"\b(?:people|folks|famil(?:y|ies)|buyers|someone|anyone|neighbou?rs) like (?:you|yourself|"
        r"yourselves|us|them|your family|y'all|yours)\b|"
        r"\b(?:who|that) (?:look|looks|think|thinks|talk|talks|act|acts|live|lives|worship|pray|"
        r"believe|speak) (?:just )?like (?:you|us|them|yourselves|your family|him|her|me|"
        r"the rest(?: of (?:the |us|them)\w*)?|everyone else|the neighbou?rs|the street)\b|"
        r"\b(?:side|of (?:the )?(?:highway|freeway|tracks|interstate|i-?\d+|\d+|river)|"
        r"part of town|"
        r"over there) "
        r"(?:is|'s) (?:a )?(?:whole |totally |completely )?different world\b",
    ),
    rule(
        "disability.condition_steer",
        DIS,
        r"\b(?:with|given|because of|due to|considering) (?:your|his|her|their) (?:[\w']+ )?"
        r"(?:condition|disability|diagnosis|illness|wheelchair|walker|autism|ptsd|mobility)\b",
        requires=r"\b(?:mistake|elsewhere|somewhere else|not (?:ideal|a good|the right|for)|"
        r"wouldn't recommend|skip|pass on|steer clear|stay away|bad idea)\b",
    ),
    rule(
        "steering.at_home_near",
        ST,
        r"\byou(?:'d|'ll| would| will| might)?(?: really| probably| definitely)? (?:feel|fit) "
        r"(?:right |really |totally )?(?:at home|in)\b",
        requires=rf"\b(?:{NAT_ADJ_U}|{REL_ADJ}|{RACE_ADJ_U}) (?:church|temple|mosque|synagogue|"
        r"market|grocery|community|neighbou?rhood|area|restaurants?|shops|families|folks|people)\b",
    ),
    rule(
        "steering.your_kind",
        ST,
        r"\b(?:not|isn't|wouldn't be|won't be) (?:really |exactly |quite )?your (?:crowd|"
        r"demographic|people)\b|"
        r"\b(?:your|their|our) (?:own )?(?:kind|type|sort)\b(?! of (?!people|folks|neighbou?rs|"
        r"crowd|families))|\byour (?:own )?people\b|\bamong (?:your|their) own\b|"
        r"\b(?:people|neighbou?rs|folks) (?:of|from|with|who share) your (?:background|culture|"
        r"faith|heritage|ethnicity|race|religion|country)",
    ),
    rule(
        "steering.those_people",
        ST,
        r"\b(?:those|these) (?:people|folks|types|kinds? of people|sorts? of people)\b|"
        r"\bthat (?:crowd|element|kind of people|type of people|sort of people)\b|"
        r"\b(?:a|the) certain (?:element|crowd|type|kind|class|demographic)\b|"
        r"\b(?:to|for|with) certain (?:clients|people|buyers|families|folks|kinds of people)\b|"
        r"\bthe wrong (?:crowd|element|kinds? of people|types? of people|sorts? of people)\b|"
        r"\bthe right (?:kind|type|sort) of (?:people|neighbou?rs|families|buyers|residents|folks|"
        r"crowd)\b|\bundesirables\b|\briff-?raff\b",
    ),
    rule(
        "steering.fit_in",
        ST,
        rf"\b{_YOU}{_MODAL}{_NEG} (?:\w+ )?(?:fit (?:right )?in{_NO_OBJECT}|blend (?:right )?in|"
        r"belong|stand out|stick out)\b|"
        r"\b(?:feel|be|look) (?:a (?:bit|little) )?out of place\b|"
        r"\b(?:won't|wouldn't|don't|doesn't|would not|will not|might not) fit in\b|"
        r"\b(?:might not|may not|won't|wouldn't|don't|not|never) feel "
        r"(?:very |really |so |all that )?(?:welcome|welcomed|at home)\b|"
        r"\b(?:neighbou?rs|people|folks|residents|hoa|community|they)(?: \w+){0,2} (?:are|is) "
        r"(?:a bit |kind of |pretty |very |a little )?(?:racist|bigoted|bigots|prejudiced|"
        r"intolerant|not (?:very )?(?:welcoming|accepting|tolerant))\b",
    ),
    rule(
        "steering.happier_elsewhere",
        ST,
        rf"\b{_YOU}{_MODAL}{_NEG} (?:\w+ )?(?:feel|be) (?:(?:more|much|so much|a lot|way|"
        rf"happier|most)\s?)+(?:comfortable|at home|welcome|happier|happy|relaxed)? "
        rf"{_ELSEWHERE}\b",
    ),
    rule(
        "steering.not_for_you",
        ST,
        rf"\b{_PLACE_AREA} (?:isn't|is not|wouldn't be|won't be|may not be|might not be|"
        r"is probably not|probably isn't) (?:really )?(?:right |a good fit |the right fit |a fit |"
        r"ideal |the best fit |the place |the best place |a good place |for )?(?:for )?"
        r"(?:you|your family|people like|your kind|folks like)\b|"
        r"\bmore your (?:speed|crowd|kind of people|people)\b",
    ),
    rule("steering.coded", ST, rf"\b{_CODED}", requires=_CONTEXT),
    rule(
        "steering.avoid_area",
        ST,
        rf"\b(?:stay|steer|keep) (?:away|clear) (?:from|of) {_EAST}\b|\bavoid(?:ing)? {_EAST}\b|"
        rf"\b(?:not|nothing) like {_EAST}\b|\bunlike {_EAST}\b|"
        r"\bi (?:wouldn't|would not|won't|don't|do not|would never|never) (?:recommend|suggest|"
        r"advise|show you|take you to|send you to|bother with|look|buy|live|raise \w+) "
        r"(?:\w+ ){0,3}?(?:that area|that neighbou?rhood|that part of town|that side of town|"
        r"the east side|over there|there)\b",
    ),
    rule(
        "steering.avoid_place",
        ST,
        r"\b(?:stay|steer|keep) (?:away|clear) (?:from|of)(?= )|\bavoid(?:ing)?(?= )|"
        r"\bsafer than(?= )",
        proper_noun_next=True,
        unless=r"\b(?:traffic|rush hour|commut\w*|toll|construction|lanes?|drive|driving|"
        r"road ?work|detours?|parking|highway|freeway|exit|floodplain|flood|loop|\d+ ?(?:am|pm)|"
        r"at \d+|noon|morning|afternoon|evening)\b",
    ),
    rule(
        "steering.compare_area",
        ST,
        rf"\b(?:not like|unlike|nicer than|safer than|better than|worse than) (?:some |other |the "
        rf"other |certain |those |most )?(?:\w+ )?{_PLACE_AREA}\b|"
        r"\bsafer (?:\w+ ){0,2}?for (?:you|your)\b|"
        r"\b(?:you(?:'ll|'d| will| would)? (?:want|need) (?:to (?:stay|look|be|live) )?|"
        r"(?:i'd|i would|better|just) stay )(?:north|south|east|west)\b",
    ),
    rule(
        "steering.safety_area",
        ST,
        rf"\b{_SAFETY_ADJ}(?:,? (?:[\w-]+))?,? {_PLACE_AREA}\b|\b(?:bad|rough|sketchy|wrong|nicer|"
        r"better|safer|worse) (?:side|part|end) of (?:town|the tracks|i-?\d+|the highway|"
        r"the city)\b|\bwrong side of the (?:tracks|highway|freeway|interstate|i-?\d+)\b|"
        r"\b(?:safer|more dangerous|"
        r"rougher|sketchier) (?:\w+ ){0,3}?than\b",
    ),
    rule(
        "steering.safety_described",
        ST,
        rf"\b(?:the |this |that |our |your )?{_PLACE_AREA} ?(?:is|are|'s|feels|seems|has|has been|"
        rf"is getting|has gotten|keeps getting|went|has gone) (?:very |really |super |so |pretty |"
        rf"quite |extremely |totally |completely |kind of |kinda |a little |a bit )?{_WORSE}\b",
    ),
    rule(
        "steering.crime",
        ST,
        r"\b(?:low|high|no|zero|little|lots of|lot of|rising|increasing|less|more|tons of) crime\b|"
        r"\bcrime (?:rates? )?(?:is|are|has been) (?:very |really |super |pretty )?(?:low|high|"
        r"rising|up|down|bad|a problem|an issue|non-?existent)\b|"
        r"\b(?:wouldn't|won't|don't|would not|will not|never) feel safe\b|"
        r"\b(?:isn't|is not|not) safe (?:at night|after dark|for (?:you|your family|your kids|"
        r"people like))\b",
    ),
    rule(
        "steering.ghetto",
        ST,
        r"\b(?:ghetto|the hood|slums?|the projects|barrio)\b|\bfull of (?:thugs|gangs|criminals)\b|"
        r"\b(?:redneck|hillbilly|white trash|trailer trash|hick)\b|"
        r"\b(?:some|shady|sketchy|unsavory|questionable|bad|rough) (?:characters|types|element)\b|"
        r"\b(?:isn't|is not|not|wouldn't be) (?:where|somewhere|a place|the place) (?:you(?:'d)? "
        r"(?:want|should|would want)|to) (?:to )?(?:raise|live|buy|bring up|settle|have)\b|"
        r"\b(?:don't|wouldn't|won't|would not) want to raise (?:kids|a family|your kids|children|"
        r"your family) (?:there|over there|in that|on that|around there)\b|"
        r"\b(?:super|very|really|totally|extremely|pretty|perfectly|quite|completely) safe"
        r"(?=\s*(?:[.,;!?]|$))|"
        r"\b(?:a )?different (?:crowd|kinds? of (?:people|folks|neighbou?rs)|types? of (?:people|"
        r"folks)|element|demographic|class of people)\b|"
        r"\b(?:might not|won't|wouldn't|may not|don't|not) (?:vibe|click|mesh|get along|gel|"
        r"connect) with (?:the )?(?:neighbou?rs|people|folks|locals|community|crowd)\b|"
        r"\b(?:not going to|won't|wouldn't|might not|may not|don't|probably won't) (?:like|love|"
        r"enjoy|appreciate|care for|feel at home with) (?:the |your )?(?:neighbou?rs|people|folks|"
        r"locals|community|crowd)(?!')\b",
    ),
    rule(
        "steering.diverse",
        ST,
        rf"\b(?:the |this |that )?{_PLACE_AREA} (?:is|'s|are|has gotten|is getting|got|"
        r"keeps getting) (?:too |very |really |so |more |a lot more |pretty |kind of )*"
        r"(?:diverse|mixed|integrated|segregated|ethnic)\b|"
        r"\b(?:too|overly|a (?:bit|little|tad) too) (?:diverse|ethnic|multicultural|integrated|"
        r"mixed(?![- ]use))\b",
    ),
    rule(
        "color.area_shift",
        (RACE, COLOR),
        r"\b(?:gotten|getting|got|become|becoming|turned|turning|grown|growing|went) (?:a lot |"
        r"much |way |a little |a bit |a tad |kind of |so )?(?:browner|blacker|whiter|"
        r"less white|more (?:black|brown|white|hispanic|latino|asian|mexican))\b",
        "demographic",
        requires=r"\b(?:neighbou?rhoods?|areas?|side|blocks?|streets?|town|parts?|complex|"
        r"building|zip|communit(?:y|ies)|road|avenue|street)\b",
    ),
    rule(
        "steering.schools",
        ST,
        r"\b(?:bad|poor|failing|terrible|awful|worse|worst|struggling|rough|low[- ]performing|"
        r"under-?performing|sketchy|crappy|lousy|better) schools?\b|"
        r"\bschools? (?:\w+ ){0,4}?(?:are|is|have gotten|have been|got|are getting|is getting) "
        r"(?:\w+ )?(?:bad|"
        r"worse|terrible|going downhill|declining|struggling|not (?:good|great)|rough|failing|"
        r"much better|way better|so much better|better)\b|"
        r"\bschools? (?:\w+ ){0,4}?(?:aren't|isn't|are not|is not) (?:that |so |very |really )?"
        r"(?:great|good|the best|safe)\b",
    ),
    rule(
        "steering.availability",
        ST,
        r"\b(?:nothing|no homes|no listings|none|not much) (?:is |are )?(?:available|left|for sale|"
        r"on the market) (?:\w+ ){0,3}for (?:you|your family|people like)\b",
    ),
    rule(
        "steering.steer",
        ST,
        r"\bsteer (?:you|them|clients|buyers|the \w+) (?:away|clear|toward|towards|to)\b",
    ),
    rule(
        "familial.traditional",
        (FAMILIAL_STATUS, STEERING),
        r"\btraditional famil(?:y|ies)(?: values)?\b|\bfamily values (?:neighbou?rhood|community|"
        r"area|street)\b",
    ),
    rule(
        "steering.demographic_words",
        ST,
        rf"\b(?:diverse|homogeneous|integrated|segregated|restricted|traditional) "
        rf"{_PLACE_AREA}\b|\b(?:changing|transitional) demographics?\b|"
        r"\b(?:with|because of|given|due to|considering) (?:the |its |their )?demographics?\b",
    ),
]


ORIGIN_RULES = [
    rule(
        "national_origin.from_country",
        (NATIONAL_ORIGIN,),
        rf"\b(?:{PEOPLE} |(?:is|are|were|was|come|comes|came) (?:(?:mostly|all|originally|mainly|"
        rf"largely|primarily) )*|(?:not|nobody|no one|none|only|preferably) (?:\w+ )?)"
        rf"{FROM_COUNTRY}(?! city)\b",
        "mention",
    ),
]

RULES: list[Rule] = [*ORIGIN_RULES, *STEERING_RULES, *TERM_RULES, *QUESTION_RULES]
