"""Word lists for the Fair Housing guard, as regex alternations over normalised text.

Normalised text is lower case, single-spaced, with straight quotes and ASCII hyphens (see
guard.normalise), so every alternation here is written in that form.
"""

from __future__ import annotations


def alt(*parts: str) -> str:
    """Join regex alternatives into one non-capturing group."""
    return "(?:" + "|".join(parts) + ")"


# Nouns that make an adjective describe people (or their household) rather than a thing.
PEOPLE = alt(
    r"people",
    r"persons?",
    r"folks?",
    r"famil(?:y|ies)",
    r"couples?",
    r"tenants?",
    r"renters?",
    r"buyers?",
    r"homebuyers?",
    r"owners?",
    r"homeowners?",
    r"residents?",
    r"neighbou?rs?",
    r"kids",
    r"children",
    r"guys?",
    r"gals?",
    r"m[ae]n",
    r"wom[ae]n",
    r"ladies",
    r"individuals?",
    r"investors?",
    r"professionals?",
    r"students?",
    r"workers?",
    r"employees?",
    r"retirees",
    r"households?",
    r"crowd",
    r"population",
    r"clients?",
    r"applicants?",
    r"occupants?",
    r"roommates?",
    r"landlords?",
    r"sellers?",
    r"communit(?:y|ies)(?! (?:cent(?:er|re)|college|pool|garden|room|park|church))",
    r"demographics?",
    r"congregation",
    r"types?",
    r"majority",
    r"enclave",
)
# Dwelling descriptors HUD lists ("Jewish home", "Hispanic residence"); only for words that are
# never a colour or a style ("white home" is a painted house).
DWELLING = alt(r"homes?", r"house", r"residences?", r"households?", r"building", r"complex")

# Words for a neighbourhood as a place people live in.
AREA = alt(
    r"neighbou?rhoods?",
    r"areas?(?! rugs?)",
    r"parts? of (?:town|the city|the county)",
    r"sides? of (?:town|the city)",
    r"sections? of (?:town|the city)",
    r"ends? of town",
    r"communit(?:y|ies)(?! (?:cent(?:er|re)|college|pool|garden|room|park|church))",
    r"subdivisions?",
    r"enclaves?",
    r"blocks?(?! walls?)",
    r"streets?(?! (?:corn|food|tacos?|art|vendors?|parking|lights?))",
    r"zip ?codes?",
    r"suburbs?",
    r"district",
    r"pockets?",
    r"barrio",
    r"apartment complex",
    r"schools?",
    r"population",
    r"demographics?",
)

# Race (HUD: "Negro, Black, Caucasian, Oriental, American Indian").
RACE_ADJ_U = alt(
    r"caucasian",
    r"african[- ]?american",
    r"afro[- ]american",
    r"negro",
    r"oriental",
    r"asian[- ]american",
    r"native[- ]american",
    r"american indian",
    r"bi-?racial",
    r"mixed[- ]race",
    r"inter-?racial",
    r"multi-?racial",
    r"non-?white",
    r"minority",
)
# Words that are also colours or styles: need a people/area noun or a quantifier plus context.
RACE_ADJ_A = alt(r"white", r"black", r"asian", r"brown")
RACE_NOUNS = alt(
    r"caucasians",
    r"african[- ]?americans",
    r"negro(?:e?s)",
    r"orientals",
    r"asians",
    r"asian[- ]americans",
    r"native americans",
    r"minorities",
    r"people of colou?r",
    r"bipoc",
    r"non-?whites",
)
RACE_PLURAL_A = alt(r"whites", r"blacks")

# Colour (HUD: "White, Black, Colored").
COLOR_MENTION = alt(
    r"colou?red (?:people|folks|persons|famil(?:y|ies)|tenants|m[ae]n|wom[ae]n|home|residence)",
    r"colou?reds",
    r"(?:light|dark|fair|olive|brown|black)[- ]skinned",
    r"skin (?:colou?rs?|tones?)",
    r"complexions?",
    r"people of (?:a certain|darker|lighter|that) (?:colou?r|complexion|skin)",
)

# National origin (HUD: "Mexican American, Puerto Rican, Philippine, Polish, Hungarian, Irish,
# Italian, Chicano, African, Hispanic, Chinese, Indian, Latino").
NAT_ADJ_U = alt(
    r"hispanic",
    r"latin[oax]",
    r"latine",
    r"chican[oa]",
    r"mexican[- ]american",
    r"puerto rican",
    r"salvadoran",
    r"guatemalan",
    r"honduran",
    r"vietnamese",
    r"filipino",
    r"korean",
    r"pakistani",
    r"bangladeshi",
    r"nigerian",
    r"ethiopian",
    r"somali",
    r"haitian",
    r"arab",
    r"middle[- ]eastern",
    r"iranian",
    r"afghan",
    r"syrian",
    r"immigrant",
    r"foreign[- ]born",
    r"undocumented",
)
NAT_ADJ_A = alt(
    r"(?<!african )(?<!african-)(?<!asian )(?<!asian-)(?<!native )(?<!mexican )(?<!mexican-)"
    r"(?<!latin )american",
    r"mexican",
    r"chinese",
    r"indian",
    r"japanese",
    r"italian",
    r"irish",
    r"polish",
    r"german",
    r"russian",
    r"african",
    r"cuban",
    r"french",
    r"spanish",
    r"european",
    r"dominican",
    r"jamaican",
    r"hungarian",
    r"philippine",
    r"foreign",
    r"british",
    r"greek",
    r"ukrainian",
    r"ethnic",
)
NAT_NOUNS = alt(
    r"hispanics",
    r"latin[oa]s",
    r"chican[oa]s",
    r"mexicans",
    r"puerto ricans",
    r"immigrants",
    r"foreigners",
    r"illegals",
    r"illegal (?:aliens|immigrants)",
    r"aliens",
    r"refugees",
    r"arabs",
    r"pakistanis",
    r"indians",
    r"filipinos",
    r"non-?citizens",
    r"green card holders",
    r"(?:people|buyers?|tenants?|applicants?|renters?|folks|anyone|someone|families) "
    r"(?:with|who have|who has) (?:an? )?(?:heavy |thick |strong |foreign )?accents?",
    r"(?:people|buyers?|tenants?|applicants?|renters?|folks|anyone|someone|families) "
    r"(?:with|who have|who has) (?:foreign|ethnic|funny|strange|weird|unpronounceable)"
    r"(?:[- ]sounding)? (?:last )?names",
)

# Only in a preference or exclusion: "Americans only", not "Americans with Disabilities Act".
NAT_CLASS_ONLY = alt(
    r"(?:non-?|native )?(?:english|spanish|foreign|chinese|vietnamese|hindi|arabic|korean)[- ]"
    r"speak(?:ers|ing)(?: (?:people|tenants|buyers|famil(?:y|ies)|residents|applicants|renters))?",
    r"(?:native[- ]born |[a-z]+-born |real )?(?<!african )(?<!african-)(?<!asian )(?<!asian-)"
    r"(?<!native )"
    r"(?<!mexican )(?<!mexican-)(?<!latin )americans",
    r"(?:us |u\.s\. |american )?citizens",
    r"non-?americans",
    r"(?:an? )?(?:immigrant|foreigner|refugee|non-?citizen|alien)",
    r"(?:people|anyone|tenants|buyers|applicants|renters|someone|folks|families) (?:who|that) "
    r"speak (?:\w+ )?(?:english|spanish|chinese|vietnamese|hindi|arabic|korean)(?! (?:is|as)\b)",
    r"(?:people|anyone|tenants|buyers|applicants|renters|someone|folks) (?:who (?:were|was) )?"
    r"born (?:here|in (?:the )?(?:us|u\.s\.|usa|america|united states|this country))",
)
_COUNTRIES = alt(
    r"mexico",
    r"india",
    r"china",
    r"korea",
    r"vietnam",
    r"pakistan",
    r"africa",
    r"nigeria",
    r"the middle east",
    r"latin america",
    r"central america",
    r"south america",
    r"asia",
    r"overseas",
    r"abroad",
    r"another country",
    r"other countries",
    r"(?:certain|some|particular|specific|those|these|third[- ]world|foreign|poor) countries",
    r"(?:certain|other|some) parts of the world",
    r"south of the border",
    r"the third world",
    r"the philippines",
    r"guatemala",
    r"honduras",
    r"el salvador",
    r"cuba",
    r"haiti",
    r"iran",
    r"iraq",
    r"syria",
    r"afghanistan",
    r"somalia",
    r"ethiopia",
    r"japan",
    r"taiwan",
    r"bangladesh",
    r"the caribbean",
    r"puerto rico",
    r"europe",
    r"russia",
    r"ukraine",
    r"poland",
    r"ireland",
    r"italy",
)
FROM_COUNTRY = rf"from {_COUNTRIES}"

# Religion (HUD: "Protestant, Christian, Catholic, Jew").
REL_ADJ = alt(
    r"christian",
    r"catholic",
    r"protestant",
    r"jewish",
    r"muslim",
    r"moslem",
    r"islamic",
    r"hindu",
    r"buddhist",
    r"mormon",
    r"lds",
    r"evangelical",
    r"baptist",
    r"methodist",
    r"lutheran",
    r"presbyterian",
    r"pentecostal",
    r"sikh",
    r"atheist",
    r"agnostic",
    r"hasidic",
    r"church[- ]?going",
    r"god[- ]fearing",
    r"bible[- ]believing",
    r"religious",
    r"non-?religious",
    r"secular",
    r"quaker",
    r"amish",
)
REL_NOUNS = alt(
    r"christians",
    r"catholics",
    r"protestants",
    r"jews?",
    r"muslims",
    r"moslems",
    r"hindus",
    r"buddhists",
    r"mormons",
    r"evangelicals",
    r"baptists",
    r"methodists",
    r"lutherans",
    r"sikhs",
    r"atheists",
    r"agnostics",
    r"church[- ]?goers",
    r"non-?believers",
    r"believers",
    r"heathens",
    r"infidels",
    r"jehovah'?s witnesses",
)
# A congregation's members as buyers ("a buyer from the church").
REL_MEMBERS = (
    r"(?:(?:buyers?|tenants?|famil(?:y|ies)|renters?|someone|people|folks|members?) (?:from|of|at) "
    r"(?:the|their|our|his|her|my|a|your) (?:church|mosque|synagogue|temple|congregation|parish)|"
    r"(?:buyers?|tenants?|famil(?:y|ies)|renters?|someone|anyone|people|folks|wom[ae]n|m[ae]n|"
    r"applicants?) (?:who wears?|wearing|in) (?:an? |their |his |her )?(?:hijabs?|headscarf|"
    r"headscarves|burqas?|niqabs?|turbans?|yarmulkes?|kippahs?|head coverings?)|"
    r"(?:ramadan[- ]fasting|sabbath[- ]observing|shabbat[- ]observant|kosher[- ]keeping|"
    r"observant) (?:famil(?:y|ies)|folks|people|tenants?|buyers?|renters?)|"
    r"(?:famil(?:y|ies)|folks|people|tenants?|buyers?|renters?|anyone|someone) (?:who|that) "
    r"(?:keeps? kosher|observes? (?:the )?(?:sabbath|shabbat)|fasts? (?:for|during) ramadan))"
)

# Quantifiers that turn a class word into a description of who lives somewhere.
QUANT = alt(
    r"mostly",
    r"predominantly",
    r"primarily",
    r"largely",
    r"mainly",
    r"heavily",
    r"overwhelmingly",
    r"majority",
    r"almost all",
    r"nearly all",
    r"all",
    r"very",
    r"really",
    r"too",
    r"a lot of",
    r"lots of",
    r"plenty of",
    r"tons of",
    r"full of",
    r"filled with",
    r"overrun (?:with|by)",
    r"many",
    r"more and more",
    r"fewer",
    r"not many",
    r"hardly any",
    r"too many",
    r"a bunch of",
    r"increasingly",
    r"getting more",
    r"becoming more",
    r"\d+ ?(?:%|percent)",
)
