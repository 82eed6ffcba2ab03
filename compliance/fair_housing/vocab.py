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
    r"parts? of (?:town|the city|austin|the county)",
    r"sides? of (?:town|the city|austin)",
    r"sections? of (?:town|the city|austin)",
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
    r"non-?english[- ]speaking",
    r"spanish[- ]speaking",
)
NAT_ADJ_A = alt(
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
    r"english[- ]speak(?:ers|ing (?:people|tenants|buyers|famil(?:y|ies)|residents))",
    r"(?:non|spanish|foreign|chinese|vietnamese|hindi|arabic)-? ?speak(?:ers|ing people)",
    r"(?:people|buyers?|tenants?|applicants?|renters?|folks|anyone|someone|families) "
    r"(?:with|who have|who has) (?:an? )?(?:heavy |thick |strong |foreign )?accents?",
)

# Only in a preference or exclusion: "Americans only", not "Americans with Disabilities Act".
NAT_CLASS_ONLY = alt(
    r"(?:native[- ]born |real )?(?<!african )(?<!african-)(?<!asian )(?<!asian-)(?<!native )"
    r"(?<!mexican )(?<!mexican-)(?<!latin )americans",
    r"(?:us |u\.s\. |american )?citizens",
    r"non-?americans",
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

# Sex: availability to one sex only (a shared unit is exempt, see guard.ROOMMATE).
SEX_TARGET = (
    alt(
        r"(?:single )?m[ae]n(?![- ]?caves?)",
        r"(?:single )?wom[ae]n",
        r"(?:single )?males?",
        r"(?:single )?females?",
        r"ladies",
        r"(?:single )?lady",
        r"gentlem[ae]n",
        r"(?:single )?guys?",
        r"(?:single )?gals?",
        r"girls?",
        r"boys?",
        r"bachelors?",
        r"bachelorettes?",
        r"gays",
        r"gay (?:m[ae]n|wom[ae]n|people|couples?|tenants|folks)",
        r"lesbians?",
        r"lgbtq?\+? (?:people|couples?|tenants|folks)",
        r"straight (?:couples?|people|m[ae]n|wom[ae]n|tenants|folks)",
        r"transgender(?: people| tenants| persons| folks)?",
        r"trans (?:people|wom[ae]n|m[ae]n|tenants)",
    )
    + r"(?: (?:tenants?|renters?|buyers?|occupants?|residents?|applicants?|professionals?))?"
)

# Familial status: households with children (and pregnancy), plus "adult" household types.
FAM_KIDS = alt(
    r"kids",
    r"kiddos",
    r"children",
    r"child(?! ?care)",
    r"minors",
    r"minor children",
    r"babies",
    r"infants",
    r"toddlers",
    r"teens",
    r"teenagers",
    r"youngsters",
    r"little ones",
    r"(?:small|young|little) (?:kids|children)",
    r"families with (?:young |small |little )?(?:kids|children|babies|teens|toddlers)",
    r"(?:people|parents|tenants|renters|buyers) with (?:young |small )?(?:kids|children)",
    r"pregnant (?:wom[ae]n|tenants|mothers|ladies)",
    r"(?:applicants|tenants|wom[ae]n|people|buyers|anyone|someone|renters) who (?:are|is) pregnant",
    r"expectant (?:mothers|parents)",
)
# "family" only as a household, not "family room/gatherings".
FAMILY = (
    r"(?:young |growing |new |large |big |small |expanding |whole )?famil(?:y|ies)"
    r"(?=\s*(?:$|[.,;:!?)]|(?:of|who|that|with|and|or|looking|wanting|seeking|needing|"
    r"just|starting|ready|in|to|like|on|moving|living|around|here|there|nearby|next)\b))"
)
FAM_HOUSEHOLD = alt(
    FAM_KIDS,
    FAMILY,
    r"(?:young |married |unmarried |newlywed |retired |older |elderly |mature |childless |"
    r"professional |"
    r"working |dink |lovely |nice |quiet |happy )?couples?(?!'?s? (?:of|retreat|getaway)\b)"
    r"(?! of\b)",
    r"singles",
    r"single (?:persons?|people|professionals?|adults?|parents?|moms?|mothers?|dads?|fathers?|"
    r"occupants?|tenants?|buyers?)",
    r"empty[- ]?nesters?",
    r"retirees?",
    r"retired (?:folks|people|persons|professionals|adults)",
    r"seniors?(?! (?:cent(?:er|re)|discount|living|housing|communit(?:y|ies)|apartments|"
    r"residences?|exemption|tax))",
    r"senior citizens",
    r"(?:the )?elderly(?: (?:people|persons|folks|couples?|tenants|residents))?",
    r"adults?(?! (?:supervision|beverages|content|education|day ?care|living|communit))",
    r"grown[- ]?ups",
    r"mature (?:persons?|people|adults?|couples?|individuals?|tenants?|residents?|buyers?)",
    r"newlyweds",
    r"parents",
    r"moms",
    r"dads",
)

# Disability ("handicap" in the Act).
DIS_TARGET = alt(
    r"wheelchairs",
    r"wheelchair users?",
    r"(?:people|anyone|someone|one|nobody|tenants?|persons?|residents?|buyers?|renters?|"
    r"applicants?) (?:in|using|who uses?|who needs?|on|with) "
    r"(?:a |an )?(?:wheelchairs?|walkers?|canes?|crutches|mobility scooters?|oxygen(?: tanks?)?)",
    r"(?:the )?disabled(?! (?:parking|access|ramp|spaces?|spots?|bath(?:room)?|entrance|"
    r"accessible|veterans?'? (?:homestead )?exemption|persons?'? (?:homestead )?exemption))"
    r"(?: (?:people|persons|tenants|buyers|individuals|residents|folks|veterans|kids|children|"
    r"adults))?",
    r"(?:the )?handicapped(?! (?:parking|access|accessible|ramp|spaces?|spots?|bath(?:room)?))"
    r"(?: (?:people|persons|tenants|buyers|individuals|residents|folks))?",
    r"cripples?",
    r"crippled(?: people| tenants)?",
    r"invalids",
    r"the blind",
    r"blind (?:people|persons?|tenants?|residents?|folks|buyers?)",
    r"(?:sighted|hearing|non-?disabled|able) (?:people|persons?|tenants?|residents?|buyers?|"
    r"applicants?|renters?)",
    r"the deaf",
    r"deaf (?:people|persons?|tenants?|residents?|folks|buyers?)",
    r"(?:the )?mentally (?:ill|disabled|challenged|handicapped|retarded)"
    r"(?: (?:people|persons|tenants))?",
    r"mental(?:ly ill)? patients",
    r"psych(?:iatric)? patients",
    r"(?:people|anyone|tenants?|persons?|those|buyers?|residents?|someone|folks|renters?|"
    r"applicants?|one|nobody)"
    r" (?:with|without|who have|who has|having) (?:an? |any )?(?:(?:history|diagnosis) of )?"
    r"(?:disabilit(?:y|ies)|handicaps?|"
    r"mental (?:illness(?:es)?|health (?:issues|conditions|problems))|special needs|hiv|aids|"
    r"(?:mental|psychiatric) (?:disorders?|conditions?|problems|issues|history)|"
    r"walkers?|wheelchairs?|(?:emotional )?(?:service|support|assistance|therapy) "
    r"(?:animals?|dogs?)|autism|"
    r"down syndrome|ptsd|"
    r"addictions?|chronic illness(?:es)?|mobility (?:issues|problems))",
    r"special[- ]needs(?: (?:people|kids|children|tenants|adults|residents))?",
    r"(?:people|anyone|someone|tenants?|buyers?|residents?|applicants?|those|persons?) "
    r"(?:who|that) (?:can't|cannot|can not|is unable to|are unable to|isn't able to|"
    r"aren't able to) (?:use|climb|walk|do|manage|handle|navigate|see|hear|get up)",
    r"(?:emotional )?(?:service|support|assistance|therapy|companion) (?:animals?|dogs?|pets?)",
    r"esas",
    r"walkers",
    r"recovering (?:addicts|alcoholics)",
    r"(?:addicts|alcoholics) in recovery",
    r"group homes?",
    r"hiv[- ]positive(?: people| tenants)?",
    r"aids patients",
    r"retard(?:ed|s)(?: people| persons| kids)?",
    r"autistic (?:people|kids|children|tenants|adults)",
    r"amputees",
)

# Source of income: not a federal class (Texas preempts local voucher protection, see README).
SOI_TARGET = (
    alt(
        r"section[- ]?8",
        r"sec\.? 8",
        r"(?:housing (?:choice )?)?vouchers?",
        r"hcv",
        r"hud (?:tenants|vouchers|housing|assistance)",
        r"(?:government|public|housing|rental) assistance",
        r"welfare(?: recipients)?",
        r"food stamps",
        r"snap benefits",
        r"social security(?: income)?",
        r"child support",
        r"alimony",
        r"unemployment (?:benefits|income)",
        r"low[- ]income (?:tenants|families|people|renters|applicants)",
    )
    + r"(?: (?:tenants|applicants|renters|holders|recipients|families|people|residents))?"
)
_ON = r"(?:people|anyone|tenants?|applicants?|someone|those|renters?|buyers?|folks|families) on "
SOI_TARGET = alt(
    SOI_TARGET,
    _ON + r"(?:welfare|food stamps|public assistance|government assistance|social security|"
    r"section[- ]?8|vouchers?)",
)
DIS_INCOME = (
    alt(
        r"ssi",
        r"ssdi",
        r"disability (?:income|checks|benefits|payments)",
        _ON + r"(?:disability|ssi|ssdi)",
    )
    + r"(?: (?:tenants|applicants|renters|recipients|people))?"
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
