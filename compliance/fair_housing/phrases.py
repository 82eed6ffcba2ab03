"""Verb and frame phrases for the per-class templates in rules.py: refusing, preferring,
judging suitability, counting heads."""

from __future__ import annotations

from compliance.fair_housing.vocab import alt

EXCL_VERB = (
    r"(?:won't|will not|don't|do not|doesn't|does not|can't|cannot|refus(?:e|es|ed|ing) to|never|"
    r"wouldn't|"
    r"would not|not|isn't|aren't) (?:really |usually |typically |generally |normally |actually |"
    r"even )?(?:rent|sell|lease|show|accept|take|allow|work with|deal with|"
    r"consider|approve|want|do|house|have|let|permit|accommodate|serve|place|admit|welcome)"
    r"(?:ing|s)?"
)
# Verbs that refuse on their own, without a negation.
REJECT = (
    r"(?:refuses?|refused|rejects?|rejected|declines?|declined|denies|denied|turns? down|"
    r"turned down|says? no to|said no to|"
    r"(?:limits?|limited|restricts?|restricted|caps?|capped) (?:the (?:number of )?)?(?=\w)|"
    r"pass(?:es|ed)? on|(?:isn't|is not|not|aren't|wasn't) (?:really |too |very |so )?(?:keen on|"
    r"crazy about|big on|thrilled about|open to) (?:renting|selling|leasing|showing)"
    r"(?: it| the \w+)? to|bars?|barred|excludes?|excluded|screens? out|screened out|weeds? out)"
)
SUIT = alt(
    r"perfect",
    r"ideal(?:ly)?",
    r"great",
    r"best",
    r"better",
    r"well[- ]suited",
    r"suited",
    r"(?:un)?suitable",
    r"made",
    r"designed",
    r"tailor(?:ed|[- ]made)",
    r"meant",
    r"geared",
    r"intended",
    r"a (?:great|perfect|good|nice) fit",
    r"the right fit",
    r"(?:not )?a fit",
    r"good",
    r"excellent",
    r"fantastic",
    r"wonderful",
    r"awesome",
    r"terrific",
    r"amazing",
    r"lovely",
    r"fabulous",
    r"superb",
    r"outstanding",
    r"(?:not )?recommended",
    r"advisable",
    r"a (?:good|great|smart) (?:choice|option|idea)",
    r"right",
    r"fine",
    r"ok(?:ay)?",
    r"comfortable",
    r"welcoming",
    r"practical",
    r"works?(?: well)?",
    r"won't work",
    r"more",
    r"mostly",
    r"mainly",
    r"primarily",
    r"set up",
    r"built",
    r"equipped",
    r"(?:in)?appropriate",
    r"just",
    r"only",
    r"exclusively",
    r"reserved",
    r"restricted",
    r"limited",
    r"open only",
)
PREF = alt(
    r"prefer(?:s|red|ably|ence for)?",
    r"wants",
    r"wanted",
    r"(?:would |will )?only (?:consider|accept|approve|take)(?:s|ing)?",
    r"(?:would|'d) (?:love|like|prefer)",
    r"hoping (?:for|to find)",
    r"needs",
    r"requires",
    r"looking for",
    r"seeking",
    r"searching for",
    r"would (?:rather|prefer|like to|love to) (?:rent|sell|lease) to",
    r"(?:rent|sell|lease|show)s? only to",
    r"only (?:rent|sell|lease|show)s?(?: it| them| the (?:unit|home|house|place|property))? to",
    r"the ideal (?:tenant|buyer|renter|occupant|resident)s? (?:is|are|would be)",
)


MANY = (
    r"(?:mostly|predominantly|primarily|largely|mainly|heavily|overwhelmingly|a lot of|lots of|"
    r"tons of|full of|filled with|overrun (?:with|by)|more and more|a bunch of|too many|"
    r"\d+ ?(?:%|percent))"
)
# Where people live: a head count ("lots of families") is a portrait of an area only with one.
RESIDENCE = (
    r"\b(?:neighbou?rhoods?|streets?|blocks?|areas?|buildings?|complex|subdivisions?|communit(?:y|"
    r"ies)|cul-de-sac|here|there|around|live|lives|living|moving|moved|nearby|next door|zip|"
    r"part of town|side)\b"
)
AND = r"(?:[\w-]+ (?:or|and) (?:the |a |an )?)?"  # "for the elderly or the disabled"
DWELLING_FOR = (
    r"(?:home|house|place|unit|condo|property|spot|apartment|space|pad|layout|retreat|nest|"
    r"bungalow|cottage|town ?home|town ?house|duplex|loft|studio|suite|(?:one|two|three|four|"
    r"\d)[- ]?(?:bedroom|br|bed))"
)
