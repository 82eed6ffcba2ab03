"""TREC helpers: brokerage name, AI disclosure triggers, property-specific texts, footer page."""

from __future__ import annotations

import pytest

from compliance import trec


def test_brokerage_name_prefixed_only_when_missing():
    assert trec.with_brokerage_name("Homes in 78704 this week!", "Lone Star Homes") == (
        "Lone Star Homes: Homes in 78704 this week!"
    )
    text = "Hi from lone star homes, want to see it?"
    assert trec.with_brokerage_name(text, "Lone Star Homes") == text


@pytest.mark.parametrize(
    "text",
    [
        "are you a bot?",
        "Is this a real person?",
        "r u a robot",
        "am I talking to a human?",
        "Is this automated?",
        "are you AI",
        "Wait, is this an actual person or a computer?",
    ],
)
def test_asks_if_bot(text):
    assert trec.asks_if_bot(text)


@pytest.mark.parametrize(
    "text",
    [
        "Is this house still available?",
        "are you free Saturday?",
        "Is it a real fireplace",
        "Are you a real estate agent?",
        "Is that a computer room?",
    ],
)
def test_ordinary_questions_are_not_bot_questions(text):
    assert not trec.asks_if_bot(text)


def test_ai_disclosure_wording():
    assert trec.ai_disclosure("Lone Star Homes", asked=False) == (
        "Hi, this is the AI assistant for Lone Star Homes."
    )
    assert trec.ai_disclosure("Lone Star Homes", asked=True).startswith(
        "I'm an AI assistant for Lone Star Homes, not a person"
    )
    assert trec.discloses_ai("This is the AI assistant for X.")
    assert not trec.discloses_ai("This is Ana from X.")


def test_property_specific_texts():
    assert trec.looks_property_specific("Want to tour 1204 W 6th St on Friday?")
    assert trec.looks_property_specific("MLS# 5561234 just dropped its price")
    assert not trec.looks_property_specific("What neighborhoods do you like?")


def test_pricing_disclaimer_added_once():
    text = trec.with_pricing_disclaimer("Similar homes sold for $480k-$510k.")
    assert text.endswith("not an appraisal.")
    assert trec.with_pricing_disclaimer(text) == text


def test_iabs_email_paragraph_refers_to_the_notice_and_links_it(settings):
    settings.IABS_URL = "https://example.com/iabs.pdf"
    paragraph = trec.iabs_email_paragraph(brokerage_name="Lone Star Homes")
    assert trec.IABS_LABEL in paragraph
    assert paragraph.endswith("https://example.com/iabs.pdf")


def test_trec_notices_page_carries_both_labels_and_links(client, settings):
    settings.IABS_URL = "https://example.com/iabs.pdf"
    response = client.get("/c/trec/")
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        body.count(
            '<a href="https://example.com/iabs.pdf" rel="noopener">'
            "Texas Real Estate Commission Information About Brokerage Services</a>"
        )
        == 1
    )
    assert (
        '<a href="https://www.trec.texas.gov/forms/consumer-protection-notice" rel="noopener">'
        "Texas Real Estate Commission Consumer Protection Notice</a>"
    ) in body


def test_trec_notices_page_refuses_post(client):
    assert client.post("/c/trec/").status_code == 405
