"""Fair Housing rules: each pairs a protected-class word list with a context that makes it a
preference, limitation or description of residents (HUD 24 CFR 100.75, the 1995 Achtenberg memo).

A rule's `kind` decides how its hits are reported:
- "class": the class only (an exclusion, preference or suitability statement in an ad);
- "mention": the class, plus steering when the sentence places the people in an area;
- "demographic": the class and steering (who lives in a neighbourhood);
- "steering": steering only (the class is not identifiable).
"""

from __future__ import annotations

from compliance.fair_housing import specific
from compliance.fair_housing.base import (
    ADJS,
    COLOR,
    DISABILITY,
    END,
    FAMILIAL_STATUS,
    GAP,
    NATIONAL_ORIGIN,
    RACE,
    RELIGION,
    SEX,
    SOURCE_OF_INCOME,
    STEERING,
    Rule,
    rule,
)
from compliance.fair_housing.households import (
    DIS_INCOME,
    DIS_TARGET,
    FAM_HOUSEHOLD,
    SEX_TARGET,
    SOI_TARGET,
)
from compliance.fair_housing.phrases import (
    AND,
    DWELLING_FOR,
    EXCL_VERB,
    MANY,
    PREF,
    REJECT,
    RESIDENCE,
    SUIT,
)
from compliance.fair_housing.vocab import (
    AREA,
    COLOR_MENTION,
    DWELLING,
    NAT_ADJ_A,
    NAT_ADJ_U,
    NAT_CLASS_ONLY,
    NAT_NOUNS,
    PEOPLE,
    QUANT,
    RACE_ADJ_A,
    RACE_ADJ_U,
    RACE_NOUNS,
    RACE_PLURAL_A,
    REL_ADJ,
    REL_MEMBERS,
    REL_NOUNS,
    alt,
)

_DISCOURAGE = (
    r"\b(?:keep looking|look(?:ing)? (?:elsewhere|somewhere else)|(?:i'd|i would|you may want to|"
    r"you might want to|better to) (?:pass|skip|look elsewhere)|pass on (?:this|it|that)|"
    r"not (?:the (?:right )?place|a good (?:fit|match|idea)|for you)|wouldn't (?:recommend|bother)|"
    r"steer clear|stay away|they (?:hate|don't like|won't like)|not welcome)\b"
)


def _class_rules(prefix: str, cats: tuple[str, ...], target: str) -> list[Rule]:
    """Exclusion, limitation, preference and suitability statements about one class."""
    t = rf"{target}{END}"
    return [
        *_exclusions(prefix, cats, t),
        *_preferences(prefix, cats, t),
        *_judgements(prefix, cats, t),
        *_limitations(prefix, cats, t),
    ]


def _exclusions(prefix: str, cats: tuple[str, ...], t: str) -> list[Rule]:
    return [
        rule(
            f"{prefix}.exclude",
            cats,
            rf"\b(?:no|without|zero|(?:not|isn't|is not|aren't|are not|wasn't|won't be|"
            rf"wouldn't be) (?:really |exactly |meant |made |suited |ideal |great )?for|never)[- ]"
            rf"{GAP}{{0,2}}{t}|\bbut not (?:to |for |with )?{ADJS}{t}",
        ),
        rule(
            f"{prefix}.not_allowed",
            cats,
            rf"\b{t} (?:(?:are|is|will|would|shall|can|may|must) )?(?:not |never |aren't |isn't |"
            rf"won't |can't |cannot |may not |must not )(?:really |exactly |always |usually |"
            rf"generally )?(?:be )?"
            rf"(?:allowed|permitted|welcome|accepted|live|stay|reside|move in|sleep|occupy|"
            rf"wanted|tolerated|considered|eligible|approved)(?! (?:\w+ ){{0,4}}without (?:an? )?"
            rf"(?:adult|parent|supervision))|\b{t} (?:need not|needn't|should not|shouldn't) apply"
            rf"|\b{t} (?:are |is )?(?:prohibited|forbidden|banned)",
        ),
        rule(
            f"{prefix}.refuse",
            cats,
            rf"\b{EXCL_VERB} (?:{GAP}{{0,2}}?(?:to |from |with ))?{GAP}{{0,2}}{t}|"
            rf"\b{EXCL_VERB} (?:[\w'-]+ ){{1,4}}?(?:or|and|nor) {ADJS}{t}|"
            rf"\b{REJECT} (?:{GAP}{{0,2}}?(?:to |from |with ))?{GAP}{{0,2}}{t}|"
            rf"\b(?:not|never) (?:be|being|have|having) (?:an? |any )?{t}",
        ),
        rule(
            f"{prefix}.only",
            cats,
            rf"\b{t} (?:only|preferred|wanted|needed|required|sought)\b|"
            rf"(?<!the )\bonly (?:to |for )?{GAP}?{t}|"
            rf"(?<!the )\bonly (?:\w+ ){{1,4}}?(?:to|for|from|with) {ADJS}{t}",
        ),
    ]


def _preferences(prefix: str, cats: tuple[str, ...], t: str) -> list[Rule]:
    return [
        rule(f"{prefix}.prefer", cats, rf"\b{PREF} {ADJS}{t}"),
        rule(
            f"{prefix}.suits",
            cats,
            rf"\b{SUIT} {GAP}{{0,3}}?(?:for|to) {ADJS}(?:your )?{ADJS}{AND}{t}"
            rf"|\b{DWELLING_FOR} (?:is )?(?:just |only )?for {ADJS}{AND}{t}",
        ),
    ]


def _judgements(prefix: str, cats: tuple[str, ...], t: str) -> list[Rule]:
    return [
        rule(
            f"{prefix}.stereotype",
            cats,
            rf"\b{t} (?:would|will|might|could|always|tend to) (?:damage|ruin|wreck|destroy|"
            r"trash|"
            r"be (?:too )?(?:loud|noisy|much|a problem|an issue|trouble|messy|dirty)|"
            r"have a (?:hard|tough|rough|difficult) time|struggle|be miserable|hate it|"
            r"cause (?:problems|trouble|issues|damage))\b|"
            rf"\b(?:wasted|lost) on {ADJS}{t}|\b(?:approve|process|accept|prioriti[sz]e|favou?r|"
            rf"fast-track)(?:s|d|ed)? {ADJS}{t} (?:\w+ )?(?:faster|quicker|sooner|first|more "
            r"(?:quickly|easily|often))\b|"
            rf"\b{t} (?:\w+ ){{0,3}}?(?:would be|is|'d be|will be) (?:ideal|perfect|great|the best|"
            r"preferred|best)\b",
        ),
        rule(f"{prefix}.who_are", cats, rf"\b(?:who|that) (?:are|is|were) (?:not )?(?:an? )?{t}"),
        rule(
            f"{prefix}.comfort",
            (*cats, STEERING),
            rf"\b{t} (?:would|will|might|may|could|wouldn't|won't|might not|may not|would not|"
            r"will not)(?: really| probably| ever)? (?:be|feel|fit) (?:very |really |quite |"
            r"entirely |right |so |more |much more )?(?:comfortable|uncomfortable|welcome|at home|"
            r"happy|accepted|out of place|in)\b|"
            rf"\b{t} (?:would|will|might|may|could)(?: really| probably)? find (?:[\w'-]+ ){{0,3}}?"
            r"(?:awkward|uncomfortable|isolating|unwelcoming|alienating|off-putting|hostile)\b",
        ),
        rule(
            f"{prefix}.charged_more",
            cats,
            rf"\b{t} (?:\w+ ){{0,4}}?(?:extra|additional|higher|bigger|larger|double|more) "
            r"(?:deposits?|rent|fees?|charges?)\b|"
            rf"\b{t} (?:\w+ ){{0,3}}?(?:get|gets|need|needs|must (?:have|provide)|require|face|"
            r"pay)s? (?:a |an )?(?:co-?signers?|guarantors?|extra|additional|stricter)\b|"
            r"\b(?:extra|additional|higher|bigger|larger|double) (?:deposits?|rent|fees?|charges?)"
            rf"(?: \w+){{0,2}}? for {ADJS}{t}|"
            rf"\b(?:deposits?|rent|fees?) (?:is|are) (?:\w+ )?(?:higher|more|double|extra) for "
            rf"{ADJS}{t}",
        ),
        rule(
            f"{prefix}.tend_to",
            (*cats, STEERING),
            rf"\b{t} (?:tend to|usually|typically|generally|always|often|mostly) "
            r"(?:like|love|prefer|enjoy|go for|pick|choose|buy|want|end up|skip|avoid|stay away|"
            r"leave|move out|don't last|struggle)\b",
        ),
    ]


def _limitations(prefix: str, cats: tuple[str, ...], t: str) -> list[Rule]:
    return [
        rule(
            f"{prefix}.elsewhere",
            cats,
            rf"\b{t} (?:\w+ ){{0,2}}?(?:should|need to|needs to|must|can|will have to|may want to|"
            r"might want to|have to|had better|'d better|to) (?:look|go|try|search|shop|rent|buy|"
            r"check out|head|stick)(?: [\w-]+){0,4}? (?:elsewhere|instead|somewhere else)\b",
        ),
        rule(
            f"{prefix}.if_you",
            cats,
            rf"\bif (?:you|your \w+|they)(?:'ve| have| has)? (?:got |have |has |use |need |are |"
            rf"'re )?(?:an? |any |some )?{ADJS}{t}",
            requires=_DISCOURAGE,
        ),
        rule(
            f"{prefix}.not_a_match",
            cats,
            rf"\b{t} (?:are|is|aren't|isn't|are not|is not|wouldn't be|won't be|would not be|"
            rf"would be|will be|'d be|might be|may be|might not be|may not be|won't ever be) "
            r"(?:not )?(?:really )?(?:a )?(?:good |great |right |the right |an ideal |ideal )?"
            r"(?:match|fit|suited|suitable|candidates?)\b",
        ),
        rule(f"{prefix}.not_them", cats, rf", not {ADJS}{GAP}{{0,2}}?{t}(?=\s*(?:[.,;!?]|$))"),
        rule(
            f"{prefix}.free_of",
            cats,
            rf"\bfree of (?:any )?{GAP}?{t}|\bkeep(?:ing)? {ADJS}{t} out\b",
        ),
        rule(
            f"{prefix}.unavailable",
            cats,
            rf"\b(?:not|isn't|is not|aren't|unavailable|never) (?:\w+ )?(?:available|open|offered|"
            rf"rented|leased|sold|shown|advertised|marketed) (?:to|for) {ADJS}{t}",
        ),
        rule(
            f"{prefix}.rather_than",
            cats,
            rf"\b(?:rather than|than|instead of) {ADJS}{t}",
            requires=r"\b(?:rather|prefers?|preferred|better|sooner)\b",
        ),
        rule(
            f"{prefix}.quant",
            (*cats, STEERING),
            rf"\b{MANY} {ADJS}{t}",
            "demographic",
            requires=RESIDENCE,
        ),
    ]


_AREA_SUBJ = rf"(?:the |this |that |our |your )?{AREA}"
_BE = (
    r"(?:is|are|'s|'re|was|were|has become|is becoming|is getting|keeps getting|feels|seems|"
    r"used to be|tends to be|have been|has been|have (?:all|mostly|mainly) been|isn't|aren't|"
    r"is not|are not|wasn't|won't be)"
)
_WHO = (
    r"(?:neighbou?rs?|sellers?|owners?|landlords?|tenants?|residents?|people|folks|families|"
    r"buyers?|renters?|homeowners?|everyone|most people|they|he|she)"
    r"(?: (?:here|there|nearby|next door|around here|on "
    r"(?:the|this) street|in (?:the|this|that) (?:area|neighbou?rhood)))?"
)
_INTENS = r"(?:(?:mostly|mainly|all|very|really|predominantly|largely|primarily|pretty|a|an) )*"
_AMBIG_END = (
    r"(?=\s*(?:$|[.,;!?]|and\b|too\b|as well|like you|now|these days|nowadays|over the years|"
    r"lately|recently|since|in recent))"
)
_AREA_OR_PEOPLE = (
    rf"\b(?:{AREA}|{PEOPLE}|parts? of|complex|building|apartments|live|lives|moved? in|moving in|"
    r"over there|over the years)\b"
)


def _origin_rules(
    prefix: str,
    cat: str,
    adj_u: str,
    adj_a: str,
    nouns: str,
    extra: str = r"(?!x)x",
    area: str = AREA,
) -> list[Rule]:
    """Race, national origin and religion: any description of people by the class."""
    cats = (cat,)
    demo = (cat, STEERING)
    adj = alt(adj_u, adj_a)
    return [
        rule(f"{prefix}.people", cats, rf"\b{adj} (?:[a-z-]+ )?{PEOPLE}{END}", "mention"),
        rule(f"{prefix}.dwelling", cats, rf"\b{adj_u} {DWELLING}{END}", "mention"),
        rule(f"{prefix}.noun", cats, rf"\b{nouns}{END}", "mention"),
        rule(f"{prefix}.area", demo, rf"\b{adj} {area}{END}", "demographic"),
        rule(f"{prefix}.quant", demo, rf"\b{QUANT} {adj_u}{END}", "demographic"),
        rule(
            f"{prefix}.quant_ambiguous",
            demo,
            rf"\b{QUANT} {adj_a}{_AMBIG_END}",
            "demographic",
            requires=_AREA_OR_PEOPLE,
        ),
        rule(
            f"{prefix}.described",
            demo,
            rf"\b{_AREA_SUBJ} ?{_BE} {_INTENS}(?:{adj_u}{END}|{adj_a}{_AMBIG_END})",
            "demographic",
        ),
        rule(
            f"{prefix}.people_described",
            cats,
            rf"\b{_WHO} ?{_BE} {_INTENS}(?:{adj_u}|{adj_a})(?:{_AMBIG_END}|(?= {PEOPLE}\b))",
            "mention",
        ),
        *_about_a_person(prefix, cats, adj_u, adj_a),
        *_class_rules(prefix, cats, alt(nouns, rf"{adj} {PEOPLE}", extra)),
    ]


def _about_a_person(prefix: str, cats: tuple[str, ...], adj_u: str, adj_a: str) -> list[Rule]:
    """Questions and conditions about one person's class ("are you Muslim?", "who isn't X")."""
    return [
        rule(
            f"{prefix}.asked",
            cats,
            rf"\b(?:are|is) (?:you|your (?:[\w']+ ){{0,2}}?\w+|they|he|she|the (?:buyers?|tenants?|"
            rf"applicants?)) "
            rf"(?:an? )?(?:{adj_u}{END}|{adj_a}(?=\s*(?:[?.,!]|$|or\b)))|"
            rf"\b(?:if|whether) (?:you're|you are|you were|your (?:[\w']+ ){{0,2}}?(?:is|are)|"
            rf"they're|they are|he's|she's|he is|she is) (?:an? )?(?:{adj_u}{END}|{adj_a}"
            rf"(?=\s*(?:[?.,!]|$|or\b)))",
        ),
        rule(
            f"{prefix}.who_is",
            cats,
            rf"\b(?:who|that) ?(?:is|are|'s|'re|isn't|aren't|was|were|is not|are not) "
            rf"(?:not )?(?:an? )?"
            rf"(?:{adj_u}{END}|{adj_a}(?= (?:or|and)\b|[.,;!?]|$))",
            "mention",
        ),
        rule(
            f"{prefix}.to_be",
            cats,
            rf"\b(?:buyers?|tenants?|renters?|applicants?|residents?|occupants?|neighbou?rs?|"
            rf"owners?) to be (?:an? )?(?:{adj_u}|{adj_a}){END}",
        ),
    ]


def _build() -> list[Rule]:
    rules: list[Rule] = []
    rules += _origin_rules("race", RACE, RACE_ADJ_U, RACE_ADJ_A, RACE_NOUNS)
    rules += _class_rules("race.plural", (RACE,), RACE_PLURAL_A)
    rules.append(
        rule(
            "race.plural_mention",
            (RACE,),
            rf"\b{RACE_PLURAL_A}{END}",
            "mention",
            requires=r"\b(?:moved?|moving|buying|bought|renting|neighbou?rs|neighbou?rhood|people|"
            r"folks|live (?:here|there|in)|hispanics|asians|latinos|mexicans|whites and|"
            r"and whites)\b",
        )
    )
    rules.append(
        rule(
            "race.quant_plural", (RACE, STEERING), rf"\b{QUANT} {RACE_PLURAL_A}{END}", "demographic"
        )
    )
    rules += _origin_rules(
        "national_origin", NATIONAL_ORIGIN, NAT_ADJ_U, NAT_ADJ_A, NAT_NOUNS, NAT_CLASS_ONLY
    )
    # "Catholic school" and "Baptist church" are landmarks, not who lives there.
    rel_area = AREA.replace(r"schools?", r"(?!x)x")
    rules += _origin_rules(
        "religion", RELIGION, REL_ADJ, r"(?!x)x", REL_NOUNS, extra=REL_MEMBERS, area=rel_area
    )
    rules.append(rule("color.mention", (COLOR,), rf"\b{COLOR_MENTION}{END}", "mention"))
    rules += _class_rules("color", (COLOR,), r"colou?reds?(?: people| folks)?")
    rules += _class_rules("sex", (SEX,), SEX_TARGET)
    rules += _class_rules("familial", (FAMILIAL_STATUS,), FAM_HOUSEHOLD)
    rules += _class_rules("disability", (DISABILITY,), DIS_TARGET)
    rules.append(
        rule(
            "disability.attitude",
            (DISABILITY,),
            rf"\b{DIS_TARGET}{END}",
            requires=r"\b(?:uneasy|worried|nervous|afraid|scared|uncomfortable|wary|avoid|liability|"
            r"(?:don't|doesn't|do not|does not|won't) (?:want|like)|(?:wouldn't|won't|couldn't|"
            r"can't|shouldn't|would not|will not) (?:do well|manage|cope|handle|fit|live|be happy|"
            r"be comfortable|last)|(?:an? )?(?:issue|problem) for you|(?:isn't|is not|not|wasn't) "
            r"comfortable with|hassle|turned down|reject\w*|declin\w*|refus\w*|deny|denied)\b",
        )
    )
    rules += _class_rules("income", (SOURCE_OF_INCOME,), SOI_TARGET)
    rules += _class_rules("disability.income", (DISABILITY, SOURCE_OF_INCOME), DIS_INCOME)
    rules += specific.RULES
    return rules


RULES: tuple[Rule, ...] = tuple(_build())
