"""The opt-out frames: what a clause must say to revoke consent (FCC 24-18, "any reasonable means").

A revocation is a cessation or negation frame on a contact verb or noun aimed at us (text,
message, contact, call, reach out, hear from, send), a request to be taken off our list, or a
plain "leave me alone", in English or Spanish. A cessation word with no clear object is UNCLEAR.
Each frame names its meaning and carries examples it must and must not match (tested).
Patterns run on normalised clauses (compliance.optout.text.normalize): ASCII lower case, no
apostrophes ("dont"), abbreviations spelled out, typos of key words corrected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compliance.verdicts import ConsentVerdict

OPT_OUT, UNCLEAR = ConsentVerdict.OPT_OUT, ConsentVerdict.UNCLEAR

FILLER = (
    r"(?:hey|hi|omg|wtf|ffs|ok|okay|so|just|now|already|please|seriously|thanks|thank you|"
    r"lol|man|dude|bro|for real|again|right now|i mean|yes|yeah|alright|god|jesus|gracias|"
    r"por favor|ya|wait|no|nope|ugh)"
)
# --- vocabulary ---------------------------------------------------------------------------
CONTACT_NOUN = (
    r"(?:texts?|text messages?|messages?|emails?|calls?|phone calls?|notifications?|alerts?|"
    r"updates?|newsletters?|listings?|spam|contact|communications?|reminders?|promos?|ads|"
    r"marketing|subscriptions?|mensajes?|textos?|llamadas?|correos?)"
)
CONTACT_VERB = (
    r"(?:text|message|contact|call|email|send|reach out|write|bother|bug|spam|harass|ping|"
    r"hit me up)"
)
CONTACT_ING = (
    r"(?:texting|messaging|contacting|calling|emailing|reaching out|bothering|bugging|spamming|"
    r"harassing|pinging|hitting me up|writing|(?:blowing|hitting) (?:up )?(?:my|this) "
    r"(?:phone|line|number|cell))"
)
SENDING = r"(?:sending|send)(?: me| us)?(?: all)?(?: (?:these|those|the|this|your|all|any|more))*"
SEND_OBJECT = (
    rf"(?:me|us|{CONTACT_NOUN}|stuff|things|stuff like this|anything|these|this|crap|junk)"
)
US = (
    r"(?:me|us|this number|my number|my phone|people|my (?:\w+ )?(?:address|email|inbox|phone|"
    r"number|cell|line))"
)
CESSATION = (
    r"(?:stop|quit|cease|end|halt|discontinue|refrain from|desist from|no more|no further|enough|"
    r"knock it off|cut it out|"
    r"lay off|cancel|stop with|knock it off with|enough with|enough of)"
)
NEGATION = (
    r"(?:dont|do not|never|no longer|please dont|pls dont|dont ever|do not ever|"
    r"(?:can|could|would|will) (?:you|u) (?:please )?not)"
)
# "don't text me after 9" limits when, it does not revoke
TIME_LIMIT = (
    r"(?:after|before|until|till|til|during|between|at night|in the morning|on weekends|"
    r"on sundays?|so early|so late|this early|this late|while|at work|tonight|today|tomorrow|"
    r"this week|for now|right now|yet|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)"
)
LIST = (
    r"(?:list|lists|texting list|text list|contact list|contacts|mailing list|email list|"
    rf"system|database|records|distribution|everything|all of it|this|that|it|lista|{CONTACT_NOUN})"
)
EVENT = (
    r"(?:showing|tour|appointment|open house|meeting|offer|contract|application|waitlist|lease|"
    r"call at|closing|walkthrough|inspection|favorites|search|cita)"
)
THIRD_PARTY = (
    r"(?:hoa|seller|sellers|landlord|builder|lender|bank|zillow|realtor com|redfin|school|city|"
    r"utility|neighborhood|association|my wife|my husband|him|her|them)"
)


@dataclass(frozen=True)
class Frame:
    """One way of saying it, with its verdict and the examples that pin it down."""

    id: str
    meaning: str
    pattern: re.Pattern[str]
    verdict: str
    matches: tuple[str, ...]
    never: tuple[str, ...]
    unless: re.Pattern[str] | None = None  # the clause is about someone else's contact


def _compiled(regex: str) -> re.Pattern[str] | None:
    return re.compile(regex) if regex else None


def frame(
    id: str,
    meaning: str,
    regex: str,
    matches: tuple,
    never: tuple,
    verdict: str = OPT_OUT,
    unless: str = "",
) -> Frame:
    return Frame(
        id,
        meaning,
        re.compile(regex),
        verdict,
        matches,
        never,
        re.compile(unless) if unless else None,
    )


_THEIRS = rf"\b{THIRD_PARTY}\b"


FRAMES: tuple[Frame, ...] = (
    frame(
        "cease_contact",
        "A cessation word on our contact: stop/quit/no more + texting, messages, sending me.",
        rf"(?<!dont )(?<!not )(?<!never )(?<!wont )(?<!ill )(?<!i will )(?<!im gonna )"
        rf"(?<!let me )\b{CESSATION} (?:(?:all|the|these|those|your|"
        rf"all the|all these|all of the|all your|just|now|already|ever|it|any|with the|my|"
        rf"receiving|getting) )*"
        rf"(?:{CONTACT_ING}(?! (?!{US}\b|again\b|anymore\b|ever\b|now\b|please\b|already\b|"
        rf"and\b|or\b)\w)|"
        rf"(?:(?!(?:and|or|then|but|to|me|you|and then)\b)\w+ ){{0,2}}?{CONTACT_NOUN}\b|"
        rf"{SENDING} {SEND_OBJECT}\b)|^no {CONTACT_NOUN}\b",
        (
            "please stop texting me",
            "quit sending me texts",
            "no more texts please",
            "stop the messages",
            "cease all contact",
            "knock it off with the texts",
            "stop sending me listings",
            "quit blowing up my phone",
        ),
        (
            "i can stop by after work",
            "please dont stop sending listings",
            "stop sending the pflugerville ones",
            "no more showings this week",
            "stop worrying",
        ),
    ),
    frame(
        "cease_contact_other",
        "A cessation word on our contact with someone else as its object: a person reads it.",
        rf"(?<!dont )(?<!not )(?<!never )(?<!ill )(?<!i will )\b(?:stop|quit|cease) {CONTACT_ING} "
        rf"(?!{US}\b)\w+",
        ("stop texting my wife", "quit calling my office"),
        ("stop texting me", "dont stop texting my wife"),
        verdict=UNCLEAR,
    ),
    frame(
        "contact_to_stop",
        "Our contact named as what has to stop: 'how do I get these texts to stop'.",
        rf"\b{CONTACT_NOUN} (?:\w+ ){{0,2}}?(?:to stop|need to stop|have to stop|must stop|"
        r"stop\b(?! by))",
        ("how do i get these texts to stop", "these messages need to stop"),
        ("the bus stop", "the texts are great keep them coming"),
    ),
    frame(
        "dont_contact",
        "A negated contact verb aimed at us: 'don't text me', 'do not contact', 'never call me'.",
        rf"\b{NEGATION} (?:\w+ )?{CONTACT_VERB}(?: (?:{US}|again|anymore|ever again|any more|"
        rf"no more)\b|$)(?! (?:\w+ )?{TIME_LIMIT}\b)",
        (
            "dont text me",
            "do not contact",
            "please dont text this number anymore",
            "dont message me again thanks",
            "dont text me no more",
        ),
        (
            "dont contact the seller yet",
            "please dont send the contract until my husband reads it",
            "dont text me after 9",
        ),
    ),
    frame(
        "dont_contact_until",
        "A negated contact verb limited in time: a person reads it ('don't text me after 9').",
        rf"\b{NEGATION} (?:\w+ )?{CONTACT_VERB}(?: {US})? (?:\w+ )?{TIME_LIMIT}\b",
        ("dont text me after 9", "please dont call during work hours"),
        ("dont text me", "dont contact the seller yet"),
        verdict=UNCLEAR,
    ),
    frame(
        "dont_want",
        "Not wanting our contact: 'I don't want these messages', 'don't want to hear from you'.",
        rf"\b(?:dont|do not|no longer|never|prefer not to|would prefer not to|rather not) "
        rf"(?:want|wish|need|care|like)? ?(?:to )?(?:get|receive|be getting|have|hear from|"
        rf"see)?(?: any| these| your| more| any more| anymore| all)* (?:{CONTACT_NOUN}|"
        r"(?:you|from you)(?: guys)?(?: again| anymore)?(?: \||$))",
        (
            "i dont want these messages anymore",
            "i do not wish to receive any more messages",
            "i dont want to hear from you guys anymore",
            "id prefer not to receive texts anymore",
            "dont need these updates anymore",
        ),
        ("i dont want a pool", "we dont need the garage fridge"),
    ),
    frame(
        "dont_want_these",
        "Not wanting 'these' with no noun: probably our texts, a person confirms.",
        r"\b(?:dont|do not) (?:want|need)(?: any| more| any more| anymore)*(?: of)? (?:these|this|"
        r"them|any of this|it)(?: anymore)?$|^(?:please )?(?:remove|delete|lose|drop) (?:it|this)"
        r"(?: please)?$",
        ("i dont need these", "dont want this", "dont want any more of these", "please remove it"),
        ("i dont need these updates",),
        verdict=UNCLEAR,
    ),
    frame(
        "off_the_list",
        "Take me off / remove me from our list or system (not from a showing or an offer).",
        rf"\b(?:(?:remove|take|delete|erase|drop|lose|scratch|get) (?:me|us|my (?:number|name|"
        r"info|information|phone|phone number|contact|details|email|email address)|this number)"
        rf"|(?:want|get) (?:me )?off|be removed)(?:(?: (?:off|of|from|out of))?"
        rf"(?! (?:the |my |this |that )?{EVENT}\b)"
        r"(?: (?:the|your|this|that|all|all your|all of|any))*"
        rf" {LIST}\b| off\b|(?: {FILLER})*$)",
        (
            "take me off your list",
            "remove me",
            "plz remove me from your list",
            "lose my number",
            "i want off this list",
            "i would like to be removed from your texting list",
            "take my number off",
            "remove me from everything",
        ),
        (
            "remove me from the showing at 2",
            "take the first listing off my list",
            "remove the hutto house from my favorites",
        ),
    ),
    frame(
        "unsubscribe",
        "Unsubscribe / opt out / 'darme de baja', unless it is about someone else's list.",
        rf"\b(?:unsubscribe|opt (?:me |us )?out|optout|opt ot|dar(?:me|se|nos) de baja|"
        rf"de-?suscrib\w*)\b"
        rf"(?!(?: \w+){{0,3}} (?:the |their )?{THIRD_PARTY}\b)",
        ("unsubscribe me please", "id like to opt out of these messages", "opt me out"),
        ("unsubscribe from the hoa newsletter", "is the hoa opt out possible"),
        unless=_THEIRS,
    ),
    frame(
        "revoke_consent",
        "Consent withdrawn in so many words.",
        r"\b(?:revoke|withdraw|withdrawing|revoking|cancel) (?:my |all )?consent\b|"
        r"\bno longer (?:give )?(?:my )?consent\b|\bdo not consent\b",
        ("i revoke my consent to be contacted", "i no longer consent to receive text messages"),
        ("the seller gave consent to the inspection",),
    ),
    frame(
        "go_away",
        "Leave me alone / go away / lose my number / wrong number / wrong person.",
        r"\bleave (?:me|us) (?:the hell |the fuck |tf )?alone\b|\bgo away\b|\bget lost\b|"
        r"\b(?:f|fuck|piss|buzz|bugger|back) off\b|\bwrong (?:number|person)\b|"
        r"\bcease and desist\b|\bnot the (?:person|guy|one) (?:you(?:re| are) )?looking for\b|"
        r"\bnever (?:signed|sign) up\b|\bdidnt (?:sign|signed) up\b|"
        r"\b(?:this|that) number (?:belongs|belonged) to\b|\bnot my number\b",
        ("leave me alone", "this is the wrong number", "go away", "i never signed up for this"),
        ("leave the key under the mat", "the wrong way to the house"),
    ),
    frame(
        "threat",
        "A threat to block or report, or calling it harassment or spam.",
        r"\b(?:block|blocking|report|reporting) (?:you|this number|your number|this|the number)\b|"
        r"\bharass(?:ment|ing me)\b|\bspamming\b|\bthis is spam\b",
        ("im reporting this number", "i will block this number", "this is harassment"),
        ("can you report the leak to the seller",),
    ),
    frame(
        "said_stop",
        "'I said stop' / 'I asked you to stop': a revocation already made.",
        r"\b(?:said|say|told you|tell you|asked you|ask you|asked|told) (?:\w+ ){0,2}?(?:to )?"
        rf"stop(?=$| (?:{CONTACT_ING}|last|already|before|twice|yesterday|\w+ times)\b)",
        ("i said stop", "i asked you to stop last week", "are you kidding me i said stop"),
        ("i asked where the bus stop is", "my wife said stop looking at condos"),
    ),
    frame(
        "spanish",
        "Spanish: 'no me manden mensajes', 'dejen de escribirme', 'quitenme de su lista'.",
        r"\bno (?:quiero|queremos|deseo) que (?:me |nos )?(?:manden|envien|escriban|contacten|"
        r"llamen|molesten)\b|"
        r"\b(?:ya )?no (?:me |nos )?(?:manden|mande|envien|envies|mandes|escriban|escribas|"
        r"contacten|contactes|llamen|llames|textees|molesten)\b|"
        r"\b(?:deja|dejen|dejar|dejes|deje|paren|para) de (?:escribir|mandar|enviar|llamar|"
        r"contactar|textear|molestar)\w*|"
        r"\b(?:basta de |no (?:quiero|deseo|necesito) (?:recibir )?(?:mas )?|no mas )"
        rf"{CONTACT_NOUN}|"
        r"\b(?:quit|borr|sac|elimin)(?:enme|eme|ame|ame|ennos) de (?:su|la|sus|esta|tu) lista",
        (
            "ya no me manden mensajes",
            "dejen de mandarme mensajes",
            "no mas mensajes",
            "quitenme de su lista",
            "basta de mensajes",
        ),
        ("no mas de 400 mil por favor", "parar en el semaforo"),
    ),
    frame(
        "not_interested",
        "'Not interested' with no object: likely a revocation in context, a person decides.",
        r"^(?:im |i am |we are |were |no )?(?:not|no longer|no) interested(?: anymore| at all| "
        r"thanks| thank you| sorry)*$|^no me interesa$|^no estoy interesad[oa]$",
        ("im not interested anymore", "not interested", "no me interesa"),
        ("im not interested in condos", "not interested in that one"),
        verdict=UNCLEAR,
    ),
    frame(
        "keep_contacting",
        "'Why do you keep texting me?': a complaint about our contact, a person decides.",
        rf"\b(?:why|stop) (?:do |are )?(?:you|u) (?:keep|always) {CONTACT_ING}\b|"
        rf"\btoo many {CONTACT_NOUN}\b",
        ("why do you keep texting me", "too many emails"),
        ("keep texting me the listings", "the hoa sends too many emails lol"),
        verdict=UNCLEAR,
        unless=_THEIRS,
    ),
)

# A clause that is only a cessation word (after fillers): "STOP", "hey stop", "omg STOP".
STRONG_BARE = (
    r"(?:stop|stop it|stop this|stop all|stop now|stopall|unsubscribe|quit|cancel|end|"
    r"opt out|optout|revoke|no more|no mas|alto|parar|para|basta|ya basta|cancelar|remove|dnd)"
)
WEAK_BARE = r"(?:enough|enough already|quit it|knock it off|cut it out|please dont|stop that)"
BARE_STRONG_RE = re.compile(rf"^(?:{FILLER} )*{STRONG_BARE}(?: {FILLER})*$")
BARE_WEAK_RE = re.compile(rf"^(?:{FILLER} )*{WEAK_BARE}(?: {FILLER})*$")
FILLER_ONLY_RE = re.compile(rf"^(?:{FILLER} ?)*$")
# Clauses that make a bare "stop" beside them a revocation ("Who is this? Stop").
DISENGAGED_RE = re.compile(
    r"\b(?:who is this|whos this|who dis|not interested|no longer (?:looking|interested)|"
    r"not looking|not moving|not selling|not buying|already (?:bought|sold|found)|sold|"
    r"bought a|found a (?:place|house|home)|asked|said|told you|times|annoying|seriously|"
    r"kidding|no thanks|no thank you|wtf|omg)\b"
)
# The lead wants to keep a channel: "texts are fine", "just text me", "email me instead".
KEEP_SMS_RE = re.compile(
    r"\b(?:texts?|texting)(?: me)? (?:is|are|s) (?:fine|ok|okay|better|good|great|preferred|"
    r"easier|best)\b|\b(?:i )?only (?:read|check|use|want|get) (?:my )?texts?\b|"
    r"\b(?:just|only) text\b|\btext(?:ing)? (?:me )?(?:instead|only)\b|\btexts? only\b|"
    r"\bkeep (?:texting|the texts|sending (?:me )?(?:the )?(?:texts|listings))\b|"
    r"\b(?:can|may|could) still text\b|\bstill (?:want|text|get) (?:the )?texts?\b|"
    r"\bmensajes de texto (?:estan|esta|son) bien\b|\btextos (?:estan )?bien\b"
)
KEEP_EMAIL_RE = re.compile(
    r"\bemails? (?:is|are) (?:fine|ok|okay|better)\b|\b(?:just|only) email\b|"
    r"\bemail (?:me )?instead\b|\bkeep (?:emailing|the emails)\b"
)
SMS_WORDS = re.compile(
    r"\b(?:texts?|texting|text messages?|messages?|messaging|sms|mensajes?|textos?|number|phone)\b"
)
EMAIL_WORDS = re.compile(
    r"\b(?:emails?|emailing|newsletters?|inbox|mailing list|email list|email address|correos?|"
    r"digest)\b"
)
CALL_WORDS = re.compile(r"\b(?:call|calls|calling|phone calls?|llamadas?|llamen|llamar)\b")
ALL_WORDS = re.compile(
    r"\b(?:everything|all of it|any means|all (?:your |of your |the )?lists|all communications?|"
    r"every (?:channel|way)|any way|all contact|todo)\b"
)

# The safety net: a cessation or negation word and our contact in one message, and no frame
# said what it means ("I'm good on the updates, thanks. You can stop now"): a person reads it.
NET_CESSATION_RE = re.compile(
    r"\b(?:stop|quit|cease|end|enough|no more|anymore|any more|not|dont|never|off|remove|done|"
    r"unsubscribe|no longer|ya no|basta|dejen|deja)\b"
)
NET_CONTACT_RE = re.compile(
    r"\b(?:texts|text messages|messages|emails|notifications|alerts|updates|newsletters?|"
    r"texting|messaging|contacting|emailing|reaching out|(?:my|this) (?:number|phone|cell)|"
    r"(?:your|the|this|that|ur) (?:list|texts|messages|emails)|mensajes|textos|correos)\b"
)
