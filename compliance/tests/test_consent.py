"""Opt-out / opt-in / HELP classification on the labelled set, and consent currency."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from compliance import consent
from compliance.consent import Intent

DATA = Path(__file__).parent / "data" / "optout_labelled.jsonl"
ROWS = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]


def _misses(rows):
    return [
        (r["text"], r["label"], consent.classify(r["text"]))
        for r in rows
        if consent.classify(r["text"]) != r["label"]
    ]


def test_labelled_set_is_big_enough_and_covers_every_group():
    groups = {r["group"] for r in ROWS}
    assert len(ROWS) >= 80
    assert groups == {"keyword", "plain", "tricky", "ordinary"}
    assert sum(r["group"] == "tricky" for r in ROWS) >= 25


def test_every_carrier_keyword_is_classified():
    keyword_rows = [r for r in ROWS if r["group"] == "keyword"]
    assert _misses(keyword_rows) == []


def test_overall_accuracy_at_least_95_percent():
    accuracy = 1 - len(_misses(ROWS)) / len(ROWS)
    assert accuracy >= 0.95


def test_no_false_alarm_on_tricky_messages():
    tricky = [r for r in ROWS if r["group"] == "tricky"]
    alarms = [r["text"] for r in tricky if consent.classify(r["text"]) == Intent.OPT_OUT]
    assert alarms == []


@pytest.mark.parametrize(
    "text", ["STOP", "stopall", "Unsubscribe", "cancel", "END", "quit", "revoke", "OPTOUT"]
)
def test_each_keyword_alone_opts_out(text):
    assert consent.classify(text) == Intent.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "please stop texting me",
        "take me off your list",
        "don't text me anymore",
        "remove me",
        "leave me alone, no more messages",
        "unsubscribe me please",
        "I'm not interested stop contacting me",
    ],
)
def test_plain_language_revocations_from_the_issue(text):
    assert consent.classify(text) == Intent.OPT_OUT


@pytest.mark.parametrize(
    "text",
    [
        "I can stop by at 5",
        "cancel my showing",
        "end of the month",
        "stop sign near the house?",
        "we want to quit renting",
        "can you remove the old listing",
    ],
)
def test_tricky_messages_from_the_issue_are_not_opt_outs(text):
    assert consent.classify(text) == Intent.NONE


def test_keywords_inside_a_sentence_do_not_count_as_keywords():
    assert consent.classify("end") == Intent.OPT_OUT
    assert consent.classify("the end unit is nicer") == Intent.NONE
    assert consent.classify("quit") == Intent.OPT_OUT
    assert consent.classify("did the seller quit?") == Intent.NONE


def test_start_and_unstop_opt_back_in_and_yes_only_when_opted_out():
    assert consent.classify("START") == Intent.OPT_IN
    assert consent.classify("unstop") == Intent.OPT_IN
    assert consent.classify("Yes") == Intent.NONE
    assert consent.classify("Yes", opted_out=True) == Intent.OPT_IN


def test_help_and_info_are_help_requests():
    assert consent.classify("HELP") == Intent.HELP
    assert consent.classify("info") == Intent.HELP
    assert consent.classify("can you help me find a condo") == Intent.NONE


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
    assert consent.classify(text) == Intent.NONE


@pytest.mark.parametrize(
    "text", ["I never signed up for this, stop", "I'm going to block you, stop", "Wait. Stop."]
)
def test_a_final_stop_clause_is_an_opt_out(text):
    assert consent.classify(text) == Intent.OPT_OUT
