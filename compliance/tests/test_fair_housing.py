"""Fair Housing guard: named regression examples with their verdicts, each rule's own examples,
the earlier labelled rounds example by example, categories, exemptions, normalisation and
rewrites. Accuracy on unseen text is measured by bench/compliance_eval.py, never asserted here."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from compliance.fair_housing import (
    CATEGORIES,
    FairHousingVerdict,
    GuardResult,
    check_fair_housing,
    clauses,
)
from compliance.fair_housing.refs import REFS

DATA = Path(__file__).parent / "data"
FEDERAL = {"race", "color", "religion", "sex", "national_origin", "familial_status", "disability"}


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_labelled_set_shape():
    rows = _load("fair_housing_labelled.jsonl")
    violations = [r for r in rows if r["violation"]]
    covered = {c for r in violations for c in r["categories"]}
    assert covered >= FEDERAL | {"steering"}
    assert len({r["text"] for r in rows}) == len(rows)
    assert all(set(r["categories"]) <= set(CATEGORIES) for r in rows)


EARLIER = [
    "fair_housing_labelled.jsonl",
    "fair_housing_holdout.jsonl",
    "fair_housing_round16.jsonl",
    "fair_housing_round17.jsonl",
    "fair_housing_round18.jsonl",
    "fair_housing_round19.jsonl",
]
EARLIER_ROWS = [row for name in EARLIER for row in _load(name)]


@pytest.mark.parametrize(
    "row", [r for r in EARLIER_ROWS if r["violation"]], ids=lambda r: r["text"][:50]
)
def test_each_earlier_labelled_violation_is_blocked_or_held(row):
    """The earlier labelled rounds, example by example (no recall figure over fitted data)."""
    assert check_fair_housing(row["text"]).verdict != FairHousingVerdict.ALLOW


@pytest.mark.parametrize(
    "row",
    [r for r in EARLIER_ROWS if not r["violation"] and not r["categories"]],
    ids=lambda r: r["text"][:50],
)
def test_each_earlier_labelled_ordinary_text_is_allowed(row):
    assert check_fair_housing(row["text"]).verdict == FairHousingVerdict.ALLOW


# Known cases with their expected verdict: the issue's own, misses found on the frozen
# evaluation set (moved here when fixed, replaced there by fresh sentences), and cases written
# for the rules. None of the others is a copy of a frozen-set sentence.
ALLOW, REVIEW, BLOCK = FairHousingVerdict.ALLOW, FairHousingVerdict.REVIEW, FairHousingVerdict.BLOCK
REGRESSIONS = [
    # issue 8: implicit violations that used to be missed
    ("She only rents to people who go to her church", BLOCK),
    ("The owners want tenants who were born here", BLOCK),
    ("Pregnant? The landlord might not be the best fit for you", BLOCK),
    # issue 8: ordinary texts that used to be flagged
    ("Avoid Mopac at 5 pm, take Loop 360 instead", ALLOW),
    ("The owners are retirees moving to Florida", ALLOW),
    # frozen-set look-alikes blocked by the phrase rules; fixed by PARTY_SELF (a seller or owner
    # describing themselves), replaced there by fresh look-alikes
    (
        "The seller's family is from Mexico and left some beautiful Talavera tile in the kitchen.",
        ALLOW,
    ),
    (
        "The owner is Jewish and asked that we not schedule showings on Saturday. Sunday works.",
        ALLOW,
    ),
    # frozen-set misses, fixed by general rules (a race word with a quantifier describing a place;
    # a person "too dark"; screening by how people look; "who look like the rest of"; "certain
    # clients"; a preference "to a guy over a girl"; "not much for"; refusing a modification;
    # a home said to be taken when it was not), replaced there by fresh sentences
    ("Between us, the HOA board likes to see buyers who look like the rest of the street.", BLOCK),
    ("That complex is mostly white so I'd point you to the one off Rundberg instead.", REVIEW),
    ("The seller specifically said nobody too dark.", REVIEW),
    (
        "Landlord rejected her right after meeting her, said she was too dark for the building.",
        BLOCK,
    ),
    (
        "Last week the landlord told a family from the temple the unit was taken, but it wasn't.",
        BLOCK,
    ),
    ("Landlord said he'd give the unit to a guy over a girl any day.", BLOCK),
    ("It's really a man's house, big garage and shop, not much for a lady.", BLOCK),
    ("I only show that subdivision to certain clients.", BLOCK),
    ("The HOA won't let you put in a ramp, so it's probably not the place for your wife.", BLOCK),
    ("The owner wants to meet applicants in person first to see what they look like.", REVIEW),
    # second frozen round miss, fixed (where someone's family is from), replaced there
    ("Landlord asked where your parents are from.", BLOCK),
    ("Where are you moving from? Just curious about timing.", ALLOW),
    ("The building is mostly white brick with black shutters.", ALLOW),
    ("The HOA won't let you put in a fence taller than six feet.", ALLOW),
    ("Five minutes from the temple and the park.", ALLOW),
    # proxies: practice, birthplace, language, citizenship, devices, medication, recovery
    ("The landlord would rather have tenants who keep kosher.", BLOCK),
    ("Is your wife a citizen? The owner asks.", BLOCK),
    ("Applicants should be native English speakers.", BLOCK),
    ("Does your daughter use a wheelchair? The HOA asked.", BLOCK),
    ("The owner turned away a guy in recovery last year.", BLOCK),
    ("Are you on any meds? The landlord likes to know.", BLOCK),
    ("Single moms pay a bigger deposit there.", BLOCK),
    # a class named near the lead or residents with no frame: a person decides
    ("Congrats on your pregnancy! Want to see the 4-bedroom?", REVIEW),
    ("Avoid Rundberg.", REVIEW),
    # features, landmarks, inclusive wording
    ("Wheelchair-accessible entrance and grab bars in both baths.", ALLOW),
    ("Two blocks from a mosque and a Lutheran church.", ALLOW),
    ("Reasonable accommodations are available to residents with disabilities on request.", ALLOW),
    ("The kitchen is mostly white with brass accents.", ALLOW),
    ("Our agents who speak Spanish and Vietnamese can help you.", ALLOW),
    ("Roommate wanted, female only, shared bath.", ALLOW),
]


@pytest.mark.parametrize(("text", "verdict"), REGRESSIONS)
def test_regression_examples(text, verdict):
    assert check_fair_housing(text).verdict == verdict


@pytest.mark.parametrize("ref", REFS, ids=lambda r: r.id)
def test_every_class_reference_finds_its_examples(ref):
    for text in ref.finds:
        assert ref.pattern.search(text), (ref.id, text)
    for text in ref.ignores:
        assert ref.id not in {r[0] for r in clauses._live_refs(text)}, (ref.id, text)


@pytest.mark.parametrize("frame", clauses.FRAMES, ids=lambda f: f.id)
def test_every_clause_frame_finds_its_examples(frame):
    for text in frame.finds:
        assert frame.pattern.search(text), (frame.id, text)
    for text in frame.ignores:
        assert not frame.pattern.search(text), (frame.id, text)


def test_rules_name_no_place():
    """No place names in the rules (a place is a place, not a class)."""
    from compliance.fair_housing import specific

    source = Path(specific.__file__).read_text(encoding="utf-8").lower()
    for place in ("mopac", "ben white", "austin", "183", "rundberg", "dove springs"):
        assert place not in source


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
    assert result == GuardResult(), result.matches


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
        result.verdict = FairHousingVerdict.ALLOW  # type: ignore[misc]
    assert result.as_dict() == {
        "verdict": "block",
        "categories": ["familial_status"],
        "rule_ids": ["clause.beside.familial.words", "familial.exclude"],
        "matches": ["No kids"],
        "spans": [
            {"start": 0, "end": 7, "text": "No kids", "rule": "familial.exclude"},
            {"start": 0, "end": 7, "text": "No kids", "rule": "clause.beside.familial.words"},
        ],
        "suggestion": None,
        "reviewer": "rules",
        "reason": "",
        "call": None,
        "severity": "critical",
    }
    assert json.dumps(result.as_dict())  # plain JSON for BotDecision and the scan command


def test_clean_and_empty_texts():
    assert check_fair_housing("") == GuardResult()
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
        assert check_fair_housing(suggestion) == GuardResult()
