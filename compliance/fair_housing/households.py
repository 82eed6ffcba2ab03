"""Word lists for the household classes (sex, familial status, disability) and source of
income, as regex alternations over normalised text (see vocab.py)."""

from __future__ import annotations

from compliance.fair_housing.vocab import alt

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
        r"same[- ]sex (?:couples?|partners?|famil(?:y|ies)|parents)",
        r"lesbians?",
        r"lgbtq?\+? (?:people|couples?|tenants|folks)",
        r"straight (?:couples?|people|m[ae]n|wom[ae]n|tenants|folks)",
        r"transgender(?: people| tenants| persons| folks)?",
        r"trans (?:people|wom[ae]n|m[ae]n|tenants)",
    )
    + r"(?: (?:tenants?|renters?|buyers?|occupants?|residents?|applicants?|professionals?))?"
)

# Familial status: households with children (and pregnancy), plus "adult" household types.
FAM_KIDS = (
    alt(
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
        r"famil(?:y|ies) with (?:an? |young |small |little |two |three |four |\d+ )*(?:kids?|"
        r"child(?:ren)?|bab(?:y|ies)|teens?|toddlers?|infants?|newborns?)",
        r"dependents",
        r"(?:people|parents|tenants|renters|buyers|clients|folks|anyone|someone|those|couples) "
        r"with (?:young |small |little )?(?:kids|children)",
        r"pregnant (?:wom[ae]n|tenants|mothers|ladies)",
        r"(?:applicants|tenants|wom[ae]n|people|buyers|anyone|someone|renters) who (?:are|is) "
        r"pregnant",
        r"expectant (?:mothers|parents)",
    )
    + r"(?: (?:under|below|younger than) (?:the age of |age )?\d+)?"
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
    r"older (?:residents|tenants|people|folks|buyers|adults|renters|occupants)",
    r"seniors?(?! (?:cent(?:er|re)|discount|living|housing|communit(?:y|ies)|apartments|"
    r"residences?|exemption|tax))",
    r"senior citizens",
    r"(?:the )?elderly(?: (?:people|persons|folks|couples?|tenants|residents))?",
    r"adults?(?! (?:supervision|beverages|content|education|day ?care|living|communit))",
    r"grown[- ]?ups",
    r"mature (?:persons?|people|adults?|couples?|individuals?|tenants?|residents?|buyers?)",
    r"newlyweds",
    r"parents",
    r"moms?",
    r"dads?",
    r"mothers?",
    r"fathers?",
)

# Disability ("handicap" in the Act).
DIS_TARGET = alt(
    r"wheelchairs",
    r"wheelchair users?",
    r"(?:people|anyone|someone|one|nobody|tenants?|persons?|residents?|buyers?|renters?|"
    r"applicants?) (?:in|using|who uses?|who needs?|on|with|without|who (?:doesn't|does not|"
    r"don't|do not) (?:use|need)) "
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
    r"blind (?:people|persons?|tenants?|residents?|folks|buyers?|applicants?|renters?|occupants?)",
    r"(?:sighted|hearing|non-?disabled|able|agile|nimble|spry|athletic) (?:people|persons?|"
    r"tenants?|residents?|buyers?|"
    r"applicants?|renters?)",
    r"the deaf",
    r"deaf (?:people|persons?|tenants?|residents?|folks|buyers?|applicants?|renters?|occupants?|"
    r"couples?|famil(?:y|ies)|neighbou?rs?)",
    r"(?:people|tenants?|buyers?|residents?|applicants?|renters?|someone|anyone) (?:who|that) can "
    r"(?:hear|see|walk|climb stairs|use (?:the )?stairs)",
    r"(?:the )?mentally (?:ill|disabled|challenged|handicapped|retarded)"
    r"(?: (?:people|persons|tenants))?",
    r"mental(?:ly ill)? patients",
    r"psych(?:iatric)? patients",
    r"(?:people|anyone|tenants?|persons?|those|buyers?|residents?|someone|folks|renters?|"
    r"applicants?|one|nobody)"
    r" (?:with|without|who have|who has|having) (?:an? |any )?(?:(?:history|diagnosis) of )?"
    r"(?:disabilit(?:y|ies)|handicaps?|"
    r"mental (?:illness(?:es)?|health (?:issues|conditions|problems))|special needs|hiv|aids|"
    r"(?:mental|psychiatric|physical|intellectual|developmental|cognitive) (?:disorders?|"
    r"conditions?|problems|issues|history|disabilit(?:y|ies)|impairments?)|"
    r"walkers?|wheelchairs?|(?:emotional )?(?:service|support|assistance|therapy) "
    r"(?:animals?|dogs?)|autism|"
    r"down syndrome|ptsd|"
    r"addictions?|chronic illness(?:es)?|mobility (?:issues|problems))",
    r"special[- ]needs(?: (?:people|kids|children|tenants|adults|residents))?",
    r"(?:people|tenants?|buyers?|residents?|applicants?|renters?|someone|anyone|those|persons?) "
    r"(?:who are|who is|that are|who's) (?:hard of hearing|visually impaired|hearing impaired|"
    r"vision impaired|mobility impaired|wheelchair[- ]bound|bedridden|paralyzed|paraplegic|"
    r"quadriplegic|disabled|handicapped|blind|deaf|in a wheelchair|mentally ill|on oxygen)",
    r"(?:the )?(?:hard of hearing|visually impaired|hearing impaired|wheelchair[- ]bound)",
    r"(?:people|anyone|someone|tenants?|buyers?|residents?|applicants?|those|persons?) "
    r"(?:who|that) (?:need|needs|require|requires|request|requests|ask for) (?:a |an |any )?"
    r"(?:reasonable )?(?:accommodations?|modifications?|ramps?|grab bars|service animals?|"
    r"support animals?)",
    r"(?:people|anyone|someone|tenants?|buyers?|residents?|applicants?|those|persons?) "
    r"(?:who|that) (?:can't|cannot|can not|is unable to|are unable to|isn't able to|"
    r"aren't able to) (?:use|climb|walk|do|manage|handle|navigate|see|hear|get up)",
    r"(?:emotional )?(?:service|support|assistance|therapy|companion) (?:animals?|dogs?|pets?)",
    r"(?:guide|seeing[- ]eye|hearing|mobility|seizure) dogs?",
    r"esas",
    r"walkers",
    r"recovering (?:addicts|alcoholics)",
    r"(?:addicts|alcoholics) in recovery",
    r"group homes?",
    r"hiv[- ]positive(?: people| tenants)?",
    r"aids patients",
    r"retard(?:ed|s)(?: people| persons| kids)?",
    r"autistic (?:people|kids?|child(?:ren)?|tenants?|adults?|persons?|sons?|daughters?|boys?|"
    r"girls?)",
    r"(?:people|anyone|someone|tenants?|renters?|buyers?|applicants?|nobody|folks) (?:who (?:is|"
    r"are) |who's )?(?:disabled|handicapped)(?! (?:parking|access|ramp|veterans?))",
    r"(?:(?:people|anyone|someone|tenants?|renters?|applicants?|those) (?:who (?:is|are|isn't|"
    r"aren't|is not|are not) |who's )?on (?:any )?)?(?:psychiatric|psych|antipsychotic|"
    r"psychotropic|mental health) (?:meds|medications?|drugs)",
    r"amputees",
    r"(?:young,? )?(?:healthy|physically fit|fit and healthy|in good health) (?:people|persons?|"
    r"tenants?|residents?|buyers?|applicants?|renters?|occupants?)",
    r"(?:people|anyone|someone|tenants?|buyers?|residents?|applicants?|those|persons?) "
    r"(?:who|that) (?:need|needs|require|requires|have|has|use|uses) (?:an? )?"
    r"(?:live-in )?(?:aides?|"
    r"caregivers?|nurses?|home health aides?|personal care attendants?)",
    r"(?:any |some |serious )?(?:physical|mobility|mental|cognitive) (?:limitations?|impairments?"
    r"|disabilit(?:y|ies))(?! (?:on|to|for|in|at|of)\b)",
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
