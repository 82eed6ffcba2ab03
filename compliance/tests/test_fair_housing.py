"""Fair Housing guard: accuracy on the labelled and held-out sets, categories, allowed phrases,
exemptions, normalisation and rewrites."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from compliance.fair_housing import CATEGORIES, GuardResult, check_fair_housing

DATA = Path(__file__).parent / "data"
FEDERAL = {"race", "color", "religion", "sex", "national_origin", "familial_status", "disability"}


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _score(rows: list[dict]) -> tuple[float, float, list[str]]:
    """Recall on violations, false-positive rate on the rest, and the errors for the report."""
    misses, false_alarms = [], []
    for row in rows:
        got = check_fair_housing(row["text"])
        if row["violation"] and not got.violation:
            misses.append(f"MISSED {row['categories']}: {row['text']}")
        if not row["violation"] and got.violation:
            false_alarms.append(f"FLAGGED {got.categories} {got.matches}: {row['text']}")
    positives = sum(r["violation"] for r in rows)
    negatives = len(rows) - positives
    recall = (positives - len(misses)) / positives
    fp_rate = len(false_alarms) / negatives
    return recall, fp_rate, misses + false_alarms


def test_labelled_set_shape():
    rows = _load("fair_housing_labelled.jsonl")
    violations = [r for r in rows if r["violation"]]
    covered = {c for r in violations for c in r["categories"]}
    assert len(rows) >= 240
    assert len(violations) >= 100
    assert len(rows) - len(violations) >= 140
    assert covered >= FEDERAL | {"steering"}
    assert len({r["text"] for r in rows}) == len(rows)
    assert all(set(r["categories"]) <= set(CATEGORIES) for r in rows)


def test_holdout_set_is_separate_from_the_labelled_set():
    holdout = _load("fair_housing_holdout.jsonl")
    labelled = {r["text"] for r in _load("fair_housing_labelled.jsonl")}
    assert len(holdout) >= 60
    assert sum(r["violation"] for r in holdout) >= 30
    assert not labelled & {r["text"] for r in holdout}


# Later held-out rounds, one file each (README: scored before the rules were generalised).
ROUNDS = {
    "fair_housing_round16.jsonl": (62, 36),
    "fair_housing_round17.jsonl": (42, 22),
    "fair_housing_round18.jsonl": (40, 20),
    "fair_housing_round19.jsonl": (40, 20),
}


@pytest.mark.parametrize(("name", "size"), ROUNDS.items())
def test_later_rounds_are_fresh_sentences(name, size):
    rows = _load(name)
    seen = {r["text"] for r in _load("fair_housing_labelled.jsonl")}
    seen |= {r["text"] for r in _load("fair_housing_holdout.jsonl")}
    assert (len(rows), sum(r["violation"] for r in rows)) == size
    assert not seen & {r["text"] for r in rows}
    assert len({r["text"] for r in rows}) == len(rows)
    assert all(set(r["categories"]) <= set(CATEGORIES) for r in rows)


def test_later_rounds_together_cover_every_class():
    rows = [r for name in ROUNDS for r in _load(name) if r["violation"]]
    assert {c for r in rows for c in r["categories"]} >= FEDERAL | {"steering"}


@pytest.mark.parametrize(
    "name", ["fair_housing_labelled.jsonl", "fair_housing_holdout.jsonl", *ROUNDS]
)
def test_recall_and_false_positive_rate(name):
    recall, fp_rate, errors = _score(_load(name))
    report = "\n".join(errors)
    assert recall >= 0.95, f"recall {recall:.3f} on {name}\n{report}"
    assert fp_rate <= 0.05, f"false-positive rate {fp_rate:.3f} on {name}\n{report}"


def test_labelled_categories_match_exactly_on_at_least_95_percent():
    rows = _load("fair_housing_labelled.jsonl")
    wrong = [
        f"{r['categories']} != {got}: {r['text']}"
        for r in rows
        if (got := check_fair_housing(r["text"]).categories) != r["categories"]
    ]
    assert len(wrong) <= len(rows) * 0.05, "\n".join(wrong)


@pytest.mark.parametrize(
    ("text", "categories"),
    [
        ("The neighborhood is mostly white, so you'd be comfortable.", ["race", "steering"]),
        ("The owner won't rent to African Americans.", ["race"]),
        ("No colored tenants.", ["color"]),
        ("Light-skinned applicants preferred.", ["color"]),
        ("It's a Christian neighborhood.", ["religion", "steering"]),
        ("Near the mosque so Muslims feel at home.", ["religion", "steering"]),
        ("Seller prefers Catholic buyers.", ["religion"]),
        ("Female tenants only.", ["sex"]),
        ("The ultimate bachelor pad.", ["sex"]),
        ("English speakers only.", ["national_origin"]),
        ("It's a Hispanic neighborhood near downtown.", ["national_origin", "steering"]),
        ("Perfect for a young couple.", ["familial_status"]),
        ("Ideal for professionals without children.", ["familial_status"]),
        ("Adults only.", ["familial_status"]),
        ("Seeking a mature person.", ["familial_status"]),
        ("No wheelchairs.", ["disability"]),
        ("Able-bodied tenants only.", ["disability"]),
        ("People like you usually buy in Westlake.", ["steering"]),
        ("You'd fit in better in Pflugerville.", ["steering"]),
        ("Safe neighborhood, not like the east side.", ["steering"]),
        ("Good schools, you know what I mean.", ["steering"]),
        ("Crime-free area.", ["steering"]),
        ("No Section 8.", ["source_of_income"]),
        ("No Section 8 and no kids.", ["familial_status", "source_of_income"]),
    ],
)
def test_categories(text, categories):
    assert check_fair_housing(text).categories == categories


TRICKY_ORDINARY = [
    "Cozy family room with a fireplace.",
    "The master bedroom has a walk-in closet.",
    "Walking distance to the Red Line.",
    "A wheelchair ramp at the side entrance.",
    "Near St. David's hospital and Mopac.",
    "Great starter home on a quiet street.",
    "Handicap accessible bathroom on the main floor.",
    "Senior housing 55+ with a clubhouse.",
    "Church nearby, and a park across the street.",
    "Single-family home, color photos online.",
    "Mature trees and a black granite island.",
    "Walk to the Jewish Community Center.",
    "Perfect for family gatherings.",
    "Perfect for a couple of cars.",
    "Mother-in-law suite with a private entrance.",
    "Apartment complex with a chapel on site.",
    "Happy Easter from our team!",
    "The seller has a disabled veteran exemption.",
    "Service animals always welcome.",
    "Section 8 vouchers welcome.",
    "You'll feel right at home in this kitchen.",
    "Will your sofa fit in the den?",
    "Near the Mexican American Cultural Center.",
    "Italian tile and French doors.",
]


@pytest.mark.parametrize("text", TRICKY_ORDINARY)
def test_ordinary_listing_language_is_never_flagged(text):
    result = check_fair_housing(text)
    assert result == GuardResult(violation=False), result.matches


def test_housing_for_older_persons_may_state_its_age_limit_but_nothing_else():
    assert check_fair_housing("55+ community, no children under 18 may reside.").categories == []
    assert check_fair_housing("55+ community, no Muslims.").categories == ["religion"]


def test_a_shared_unit_may_state_a_sex_but_an_apartment_may_not():
    assert check_fair_housing("Roommate wanted, females only, shared bathroom.").categories == []
    assert check_fair_housing("One-bedroom apartment, females only.").categories == ["sex"]


def test_source_of_income_is_a_warning_not_a_violation():
    result = check_fair_housing("No Section 8 vouchers accepted.")
    assert (result.violation, result.categories, result.severity) == (
        False,
        ["source_of_income"],
        "warning",
    )


def test_normalises_case_smart_quotes_dashes_and_whitespace():
    result = check_fair_housing("YOU\u2019D  FIT\n IN better \u2014 trust me")
    assert result.categories == ["steering"]
    assert result.matches == ["YOU\u2019D  FIT\n IN"]


def test_unicode_compatibility_forms_are_folded_and_mapped_back():
    text = "Ｎｏ ｋｉｄｓ, ﬁne oak ﬂoors."
    result = check_fair_housing(text)
    assert result.categories == ["familial_status"]
    assert result.matches == ["Ｎｏ ｋｉｄｓ"]


def test_matches_are_substrings_of_the_original_text():
    text = "Charming 3/2 near Zilker.  Perfect for a Young Couple!"
    result = check_fair_housing(text)
    assert result.matches == ["Perfect for a Young Couple"]
    assert all(m in text for m in result.matches)


def test_result_is_frozen_and_serialisable():
    result = check_fair_housing("No kids, no pets.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.violation = False  # type: ignore[misc]
    assert result.as_dict() == {
        "violation": True,
        "categories": ["familial_status"],
        "matches": ["No kids"],
        "suggestion": None,
        "rule_ids": ["familial.exclude"],
        "severity": "critical",
    }


def test_clean_and_empty_texts():
    assert check_fair_housing("") == GuardResult(violation=False)
    assert check_fair_housing("3 bed, 2 bath, two-car garage.").severity == "ok"


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        (
            "Charming 3/2 bungalow with a big backyard, perfect for a young couple.",
            "Charming 3/2 bungalow with a big backyard.",
        ),
        ("Ideal for professionals without children.", "Ideal for professionals."),
        (
            "Updated 2/2 condo in a safe neighborhood close to the Domain.",
            "Updated 2/2 condo in a neighborhood close to the Domain.",
        ),
        (
            "New roof and HVAC. No kids allowed. Showings on Saturday.",
            "New roof and HVAC. Showings on Saturday.",
        ),
        ("Perfect for a young couple!", None),
        ("It's a Christian neighborhood.", None),
        ("Safe neighborhood, not like the east side.", None),
        ("Montopolis is a rough area, I'd look in Steiner Ranch instead.", None),
        ("No kids, the owner is worried about the pool.", None),
        ("Are you planning to have kids? The second bedroom is small.", None),
    ],
)
def test_suggestion_drops_the_offending_clause_or_is_none(text, suggestion):
    result = check_fair_housing(text)
    assert result.violation is True
    assert result.suggestion == suggestion
    if suggestion is not None:
        assert check_fair_housing(suggestion) == GuardResult(violation=False)
