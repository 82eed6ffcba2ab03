"""outbound_sms_decide: opt-out, consent, guard, brokerage name, AI disclosure, send windows."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from compliance.fair_housing import check_fair_housing
from compliance.outbound import Action, Purpose, Reason, outbound_sms_decide

CHI = ZoneInfo("America/Chicago")
AUSTIN = "+15125550100"
OPEN = datetime(2026, 11, 25, 10, 0, tzinfo=CHI)  # Wednesday 10:00, inside every window
NIGHT = datetime(2026, 11, 25, 22, 30, tzinfo=CHI)
BROKER = "Lone Star Homes"


# The real Fair Housing guard: the gate is tested with what production runs.
phrase_guard = check_fair_housing


def decide(text="Want to see it Saturday?", **overrides):
    args = {
        "phone": AUSTIN,
        "opted_out_at": None,
        "consent_current": True,
        "first_contact": False,
        "now": OPEN,
        "brokerage_name": BROKER,
        "guard": phrase_guard,
    }
    args.update(overrides)
    return outbound_sms_decide(text, **args)


def test_plain_text_is_sent_with_brokerage_name():
    decision = decide()
    assert decision.action == Action.SEND
    assert decision.text == "Lone Star Homes: Want to see it Saturday?"
    assert decision.reasons == [Reason.BROKERAGE_NAME_ADDED]
    assert decision.send_after is None


def test_text_already_naming_brokerage_is_unchanged():
    decision = decide("Lone Star Homes here, want to see it?")
    assert decision.text == "Lone Star Homes here, want to see it?"
    assert decision.reasons == []


def test_opted_out_blocks_every_purpose_but_the_confirmation():
    out = datetime(2026, 11, 20, tzinfo=UTC)
    for purpose in (Purpose.MARKETING, Purpose.REPLY, Purpose.KEYWORD_REPLY):
        decision = decide(opted_out_at=out, purpose=purpose)
        assert (decision.action, decision.reasons) == (Action.BLOCK, [Reason.OPTED_OUT])
    confirmation = decide(
        "You are unsubscribed.", opted_out_at=out, now=NIGHT, purpose=Purpose.OPT_OUT_CONFIRMATION
    )
    assert confirmation.action == Action.SEND
    assert confirmation.text == "Lone Star Homes: You are unsubscribed."


def test_marketing_without_current_consent_is_blocked_but_a_reply_is_not():
    blocked = decide(consent_current=False)
    assert (blocked.action, blocked.reasons) == (Action.BLOCK, [Reason.NO_CONSENT])
    reply = decide(consent_current=False, purpose=Purpose.REPLY)
    assert reply.action == Action.SEND


def test_fair_housing_violation_blocks_with_the_guard_result():
    decision = decide("Great place, no kids though")
    assert decision.action == Action.BLOCK
    assert decision.reasons == [Reason.FAIR_HOUSING]
    assert decision.guard_result.categories == ["familial_status"]
    assert decision.text == "Great place, no kids though"


def test_first_contact_discloses_the_ai_assistant():
    decision = decide("Saw you liked the Mueller listing. Want a tour?", first_contact=True)
    assert decision.text == (
        "Hi, this is the AI assistant for Lone Star Homes. "
        "Saw you liked the Mueller listing. Want a tour?"
    )
    assert decision.reasons == [Reason.AI_DISCLOSED]


def test_asked_if_ai_gets_a_plain_answer():
    decision = decide("Happy to help with the tour.", asked_if_ai=True)
    assert decision.text.startswith("I'm an AI assistant for Lone Star Homes, not a person")
    assert decision.text.endswith("Happy to help with the tour.")


def test_no_double_disclosure_when_text_already_says_so():
    decision = decide("This is the AI assistant for Lone Star Homes.", first_contact=True)
    assert decision.text == "This is the AI assistant for Lone Star Homes."
    assert decision.reasons == []


def test_outside_the_window_is_delayed_to_the_next_opening_never_dropped():
    decision = decide(now=NIGHT)
    assert decision.action == Action.DELAY
    assert decision.send_after == datetime(2026, 11, 26, 9, 0, tzinfo=CHI)
    assert decision.text == "Lone Star Homes: Want to see it Saturday?"
    assert Reason.QUIET_HOURS in decision.reasons


def test_keyword_replies_go_at_once_even_at_night():
    decision = decide(
        "Reply STOP to opt out.", now=NIGHT, purpose=Purpose.KEYWORD_REPLY, consent_current=False
    )
    assert decision.action == Action.SEND


def test_guard_runs_on_keyword_replies_too():
    calls = []

    def recording_guard(text, *, written_by_llm=False):
        calls.append(text)
        return check_fair_housing(text)

    decide("help text", purpose=Purpose.KEYWORD_REPLY, guard=recording_guard)
    assert calls == ["help text"]


HELD = "Congrats on your pregnancy! Want to see the 4-bedroom?"  # the rules say REVIEW


def test_a_review_verdict_holds_the_text_for_a_person_unfinished():
    decision = decide(HELD)
    assert (decision.action, decision.reasons) == (Action.HOLD, [Reason.FAIR_HOUSING_REVIEW])
    assert decision.verdict == "review"
    assert decision.text == HELD  # finished (brokerage name, disclosure) only once approved


def test_a_block_verdict_blocks_with_the_verdict():
    decision = decide("Sorry, the owner won't rent to families with kids.")
    assert (decision.action, decision.verdict) == (Action.BLOCK, "block")
    assert decision.guard_result.categories == ["familial_status"]


def test_the_guard_is_told_when_the_llm_wrote_the_text():
    seen = []

    def guard(text, *, written_by_llm=False):
        seen.append(written_by_llm)
        return check_fair_housing(text)

    decide(guard=guard, written_by_llm=True)
    decide(guard=guard)
    assert seen == [True, False]


def test_an_unclear_opt_out_stops_automated_and_marketing_texts_but_not_a_person_s_reply():
    bot = decide(written_by_llm=True, purpose=Purpose.REPLY, opt_out_unclear=True)
    marketing = decide(purpose=Purpose.MARKETING, opt_out_unclear=True)
    person = decide(purpose=Purpose.REPLY, opt_out_unclear=True)
    assert (bot.action, bot.reasons) == (Action.BLOCK, [Reason.OPT_OUT_UNCLEAR])
    assert (marketing.action, marketing.reasons) == (Action.BLOCK, [Reason.OPT_OUT_UNCLEAR])
    assert person.action == Action.SEND
