"""Opt-out classification (named regression examples, each rule's own examples), the fixed
replies, and consent currency. Accuracy on unseen text is measured by bench/compliance_eval.py
on a frozen set, never asserted here."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from compliance import consent
from compliance.optout import frames
from compliance.optout.text import correct, normalize
from compliance.verdicts import ConsentVerdict, OptOutChannel

OPT_OUT, UNCLEAR, NONE = ConsentVerdict.OPT_OUT, ConsentVerdict.UNCLEAR, ConsentVerdict.NONE
SMS, EMAIL, ALL = OptOutChannel.SMS, OptOutChannel.EMAIL, OptOutChannel.ALL
DATA = Path(__file__).parent / "data" / "optout_labelled.jsonl"
OLD_ROWS = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]


def _got(text: str) -> tuple[str, str | None]:
    result = consent.classify(text)
    return str(result.verdict), result.channel and str(result.channel)


# Known cases with their expected verdict and channel: the issue's own, misses found on the
# frozen evaluation set (moved here when fixed, replaced there by fresh sentences), and cases
# written for the rules. None of the others is a copy of a frozen-set sentence.
REGRESSIONS = [
    # issue 8: plain revocations that used to be missed
    ("Never text me again", OPT_OUT, SMS),
    ("I do not want to hear from you again", OPT_OUT, SMS),
    ("stop it with the texts", OPT_OUT, SMS),
    # issue 8: look-alikes and one-channel requests
    ("Don't stop sending these, they're great", NONE, None),
    ("unsubscribe me from the newsletter, texts are fine", OPT_OUT, EMAIL),
    ("I can stop by at 5", NONE, None),
    ("cancel my showing", NONE, None),
    # channels
    # frozen-set channel miss (was SMS), fixed by reading a listed channel after the verb;
    # replaced in bench/compliance_eval/opt_out.jsonl by a fresh all-channel sentence
    ("Stop calling, texting and emailing me", OPT_OUT, ALL),
    ("Unsubscribe me from everything", OPT_OUT, ALL),
    ("No more emails please, just text me", OPT_OUT, EMAIL),
    ("Don't call me, text me instead", NONE, None),
    # Spanish, typos, anger
    ("Ya no me manden mensajes", OPT_OUT, SMS),
    ("Paren de mandarme textos", OPT_OUT, SMS),
    ("pls stop txting me", OPT_OUT, SMS),
    ("sotp", OPT_OUT, SMS),
    ("unsubscrbe", OPT_OUT, SMS),
    ("Who is this?? stop", OPT_OUT, SMS),
    ("I will report this number", OPT_OUT, SMS),
    # misses of the second frozen round (bench/compliance_eval/opt_out_round2.jsonl), fixed by
    # general rules and replaced there by fresh sentences: "say stop" without "I"; "refrain
    # from"; "this number belongs to"; "any more of these"; "hitting my line"; Spanish
    # "desuscribir"; "sto"; up to two words before a contact noun ("the daily email"); a bare
    # "no emails"; "my work address" is us; "texting is easier"; "I'll quit ..." is the lead's own
    ("how many times do I have to say stop", OPT_OUT, SMS),
    ("kindly refrain from texting me further", OPT_OUT, SMS),
    ("This number belongs to my daughter, please remove it", OPT_OUT, SMS),
    ("Don't want any more of these", UNCLEAR, None),
    ("yo stop hitting my line", OPT_OUT, SMS),
    ("Desuscribirme por favor", OPT_OUT, SMS),
    ("sto texting me", OPT_OUT, SMS),
    ("Please stop the daily email, I only read texts", OPT_OUT, EMAIL),
    ("No emails please, texting is easier", OPT_OUT, EMAIL),
    ("Can you stop emailing my work address? Texts are fine", OPT_OUT, EMAIL),
    ("I'll quit bugging you after this question lol, what's the HOA?", NONE, None),
    ("Stop and call me when you get there", NONE, None),
    # ... and after the safety net (a cessation word and our contact, no frame: UNCLEAR), the
    # Spanish "no quiero que me escriban" and "can you not text me", replaced there too
    ("can u not text me anymore", OPT_OUT, SMS),
    ("This isn't Maria's phone anymore, please take it off your list", UNCLEAR, None),
    ("I'm good on the updates, thanks. You can stop now.", UNCLEAR, None),
    ("Ya no quiero que me escriban", OPT_OUT, SMS),
    ("Don't message the seller yet", NONE, None),
    ("Please don't remove the listing yet", NONE, None),
    ("My wife said stop looking at condos", NONE, None),
    # a cessation word with no clear object, or a limit on when: a person decides
    ("Enough already", UNCLEAR, None),
    ("Not interested thanks", UNCLEAR, None),
    ("Please don't text me before 8am", UNCLEAR, None),
    ("Stop texting my wife", UNCLEAR, None),
    ("Stop! That kitchen is gorgeous", UNCLEAR, None),
    # someone else's list, an event, a thing
    ("Can I opt out of the HOA newsletter?", NONE, None),
    ("Remove me from the 4pm tour, my husband will go", NONE, None),
    ("Take the Elm St house off my list, it's pending", NONE, None),
    ("Don't send the offer until I talk to my lender", NONE, None),
    ("No más de 3 recámaras, gracias", NONE, None),
]


@pytest.mark.parametrize(("text", "verdict", "channel"), REGRESSIONS)
def test_regression_examples(text, verdict, channel):
    assert _got(text) == (verdict, channel)


@pytest.mark.parametrize("fr", frames.FRAMES, ids=lambda fr: fr.id)
def test_every_frame_matches_its_examples_and_not_its_counter_examples(fr):
    for text in fr.matches:
        assert fr.pattern.search(normalize(text)), (fr.id, text)
    for text in fr.never:
        words = normalize(text)
        assert not (fr.pattern.search(words) and not (fr.unless and fr.unless.search(words))), (
            fr.id,
            text,
        )


@pytest.mark.parametrize(
    ("typo", "word"),
    [
        ("stpo", "stop"),
        ("stopp", "stop"),
        ("texing", "texting"),
        ("qiut", "quit"),
        ("alon", "alone"),
    ],
)
def test_typos_of_key_words_are_read_as_the_word(typo, word):
    assert correct(typo) == word


@pytest.mark.parametrize("word", ["step", "shop", "spot", "stay", "list", "sent"])
def test_real_words_are_never_corrected(word):
    assert correct(word) == word


@pytest.mark.parametrize(
    "row",
    [r for r in OLD_ROWS if r["label"] == "opt_out"],
    ids=lambda r: r["text"][:40],
)
def test_each_earlier_labelled_revocation_is_caught(row):
    """The earlier labelled set, example by example: a revocation is never let through."""
    assert consent.classify(row["text"]).verdict in (OPT_OUT, UNCLEAR)


@pytest.mark.parametrize(
    "row",
    [r for r in OLD_ROWS if r["label"] == "none"],
    ids=lambda r: r["text"][:40],
)
def test_each_earlier_labelled_look_alike_is_not_an_opt_out(row):
    assert consent.classify(row["text"]).verdict != OPT_OUT


@pytest.mark.parametrize(
    "text", ["STOP", "stopall", "Unsubscribe", "cancel", "END", "quit", "revoke", "OPTOUT", "Stop."]
)
def test_each_keyword_alone_opts_out_of_texts(text):
    assert _got(text) == (OPT_OUT, SMS)


def test_keywords_inside_a_sentence_do_not_count_as_keywords():
    assert _got("end") == (OPT_OUT, SMS)
    assert _got("the end unit is nicer") == (NONE, None)
    assert _got("did the seller quit?") == (NONE, None)


def test_start_and_unstop_opt_back_in_and_yes_only_when_opted_out():
    assert consent.classify("START").verdict == ConsentVerdict.START
    assert consent.classify("unstop").verdict == ConsentVerdict.START
    assert consent.classify("Yes").verdict == NONE
    assert consent.classify("Yes", opted_out=True).verdict == ConsentVerdict.START


def test_help_and_info_are_help_requests():
    assert consent.classify("HELP").verdict == ConsentVerdict.HELP
    assert consent.classify("info").verdict == ConsentVerdict.HELP
    assert consent.classify("can you help me find a condo").verdict == NONE


def test_result_names_the_rule_and_the_words_it_matched():
    result = consent.classify("Hi, please stop texting me.")
    assert (result.rule, [s.text for s in result.spans]) == ("cease_contact", ["stop texting"])
    assert result.stops_sms and not result.stops_email


def test_help_text_names_the_brokerage_and_how_to_opt_out(settings):
    settings.BROKERAGE_NAME = "Lone Star Homes"
    settings.BROKERAGE_HELP_CONTACT = "(512) 555-0199"
    text = consent.help_text()
    assert text.startswith("Lone Star Homes: ")
    assert "Reply STOP to opt out." in text
    assert "Help: (512) 555-0199." in text
    assert "Msg & data rates may apply." in text


def test_opt_out_confirmation_names_the_brokerage_and_how_to_resume(settings):
    settings.BROKERAGE_NAME = "Lone Star Homes"
    assert consent.opt_out_confirmation_text() == (
        "Lone Star Homes: you are unsubscribed and will get no more texts from us. "
        "Reply START to resume."
    )


def test_consent_is_current_for_18_months():
    given = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
    assert consent.consent_expires_at(given) == datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
    assert consent.consent_is_current(
        consented_at=given, now=datetime(2026, 7, 15, 11, 59, tzinfo=UTC)
    )
    assert not consent.consent_is_current(
        consented_at=given, now=datetime(2026, 7, 15, 12, 0, tzinfo=UTC)
    )
    assert not consent.consent_is_current(consented_at=None, now=given)


def test_consent_expiry_clamps_to_the_end_of_a_short_month():
    given = datetime(2024, 8, 31, 9, 0, tzinfo=UTC)
    assert consent.consent_expires_at(given) == datetime(2026, 2, 28, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    ["corner lot near a 4-way stop", "is there a bus stop", "we'll stop", "what's the next stop"],
)
def test_a_final_stop_inside_a_phrase_is_not_an_opt_out(text):
    assert consent.classify(text).verdict == NONE


@pytest.mark.parametrize(
    "text", ["I never signed up for this, stop", "I'm going to block you, stop", "Wait. Stop."]
)
def test_a_final_stop_clause_is_an_opt_out(text):
    assert consent.classify(text).verdict == OPT_OUT
