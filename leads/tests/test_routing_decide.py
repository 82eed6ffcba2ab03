"""The pure routing decision: matching, strategies, skip reasons, stride fairness, the summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from leads.enums import RoutingOutcome, RoutingStrategy, SkipReason
from leads.routing.decide import (
    STRIDE,
    AgentState,
    LeadFacts,
    MemberSpec,
    RuleSpec,
    decide,
    event_data,
    rule_mismatch,
)

NOW = datetime(2025, 6, 2, 15, 0, tzinfo=UTC)
ANA, BEN, CARA = 1, 2, 3
AGENTS = {
    ANA: AgentState(ANA, "Ana Torres"),
    BEN: AgentState(BEN, "Ben Whitaker"),
    CARA: AgentState(CARA, "Cara Lopez"),
}
LEAD = LeadFacts(source="website", intent="buyer", areas=("Round Rock",), budget_max=450_000)


def rr(*agent_ids: int, rule_id: int = 1, **kw) -> RuleSpec:
    members = tuple(MemberSpec(a) for a in agent_ids)
    return RuleSpec(rule_id, f"RR {rule_id}", RoutingStrategy.ROUND_ROBIN, members=members, **kw)


def advance(rule: RuleSpec, decision) -> RuleSpec:
    """Move the rule's cursor the way the service stores it."""
    members = tuple(
        replace(m, pass_value=decision.new_pass, last_turn=decision.new_turn)
        if m.agent_id == decision.agent_id
        else m
        for m in rule.members
    )
    return replace(rule, members=members, clock=decision.new_clock, turns=decision.new_turn)


def spin(rule: RuleSpec, count: int, agents=AGENTS, lead=LEAD) -> Counter:
    """Route `count` leads through one round robin rule, carrying its cursor like the service."""
    got: Counter = Counter()
    for _ in range(count):
        decision = decide(lead=lead, rules=[rule], agents=agents, now=NOW)
        got[decision.agent_id] += 1
        rule = advance(rule, decision)
    return got


# --- matching ------------------------------------------------------------------------------


def test_a_rule_without_conditions_matches_every_lead():
    assert rule_mismatch(rr(ANA), LEAD) is None


def test_source_intent_area_zip_and_price_conditions_each_say_why_they_miss():
    def miss(**kw):
        return rule_mismatch(rr(ANA, **kw), LEAD)

    assert miss(sources=("zillow",)) == "source website is not zillow"
    assert miss(intents=("seller", "both")) == "intent buyer is not seller, both"
    assert miss(areas=("Cedar Park",)) == "areas Round Rock are not in Cedar Park"
    assert miss(price_min=1_000_000) == "budget $450,000 is outside $1,000,000 and up"
    assert miss(price_max=400_000) == "budget $450,000 is outside up to $400,000"
    assert miss(sources=("website",), intents=("buyer",), areas=("round  rock",)) is None
    assert miss(price_min=300_000, price_max=500_000) is None


def test_zip_codes_match_zips_written_in_the_leads_areas():
    lead = replace(LEAD, areas=("Austin 78704", "Pflugerville"))

    assert rule_mismatch(rr(ANA, zip_codes=("78704",)), lead) is None
    assert rule_mismatch(rr(ANA, zip_codes=("78746",)), lead) is not None
    # areas or ZIP codes: either one matching is enough
    assert rule_mismatch(rr(ANA, areas=("Pflugerville",), zip_codes=("78746",)), lead) is None


def test_price_band_uses_the_budget_top_else_bottom_and_needs_a_budget():
    rule = rr(ANA, price_min=500_000)

    assert rule_mismatch(rule, replace(LEAD, budget_min=600_000, budget_max=None)) is None
    assert rule_mismatch(rule, replace(LEAD, budget_max=None)) == (
        "no budget to compare with $500,000 and up"
    )


def test_the_default_rule_takes_any_lead():
    default = RuleSpec(9, "Default", RoutingStrategy.POND, is_default=True, sources=("zillow",))

    assert rule_mismatch(default, LEAD) is None


# --- strategies -----------------------------------------------------------------------------


def test_specific_agent_rule_assigns_that_agent():
    rule = RuleSpec(1, "Ana's", RoutingStrategy.AGENT, agent_id=ANA)

    decision = decide(lead=LEAD, rules=[rule], agents=AGENTS, now=NOW)

    assert (decision.outcome, decision.agent_id, decision.rule) == (
        RoutingOutcome.ASSIGNED,
        ANA,
        rule,
    )


def test_round_robin_gives_equal_agents_turns_in_order():
    decision_order = []
    rule = rr(ANA, BEN, CARA)
    for _ in range(6):
        decision = decide(lead=LEAD, rules=[rule], agents=AGENTS, now=NOW)
        decision_order.append(decision.agent_id)
        rule = advance(rule, decision)

    assert decision_order == [ANA, BEN, CARA, ANA, BEN, CARA]


def test_round_robin_is_weighted_by_capacity():
    rule = RuleSpec(
        1,
        "Weighted",
        RoutingStrategy.ROUND_ROBIN,
        members=(MemberSpec(ANA, weight=3), MemberSpec(BEN, weight=1)),
    )

    assert spin(rule, 400) == {ANA: 300, BEN: 100}


def test_round_robin_over_1000_leads_differs_by_at_most_one():
    counts = spin(rr(ANA, BEN, CARA), 1000)

    assert sorted(counts.values()) == [333, 333, 334]


def test_an_agent_back_from_away_gets_the_next_lead_not_a_burst():
    away = {**AGENTS, CARA: replace(AGENTS[CARA], away_until=NOW + timedelta(days=1))}
    rule = rr(ANA, BEN, CARA)
    decisions = []
    for agents in [away] * 10 + [AGENTS] * 6:
        decision = decide(lead=LEAD, rules=[rule], agents=agents, now=NOW)
        decisions.append(decision.agent_id)
        rule = advance(rule, decision)

    assert decisions[:10] == [ANA, BEN] * 5
    assert decisions[10:] == [CARA, ANA, BEN, CARA, ANA, BEN]


def test_broadcast_offers_every_available_agent():
    rule = RuleSpec(
        1,
        "Luxury",
        RoutingStrategy.BROADCAST,
        members=(MemberSpec(ANA), MemberSpec(BEN), MemberSpec(CARA)),
    )
    agents = {**AGENTS, BEN: replace(AGENTS[BEN], active=False)}

    decision = decide(lead=LEAD, rules=[rule], agents=agents, now=NOW)

    assert decision.outcome == RoutingOutcome.BROADCAST
    assert decision.offered_to == [ANA, CARA]
    assert decision.agent_id is None


def test_pond_rule_sends_the_lead_to_the_pond_without_an_alert():
    rule = RuleSpec(1, "Open house pond", RoutingStrategy.POND)

    decision = decide(lead=LEAD, rules=[rule], agents=AGENTS, now=NOW)

    assert (decision.outcome, decision.rule, decision.alert) == (RoutingOutcome.POND, rule, False)


# --- availability, capacity and falling through --------------------------------------------


def test_skipped_agents_carry_their_reason():
    agents = {
        ANA: replace(AGENTS[ANA], away_until=NOW + timedelta(hours=5)),
        BEN: replace(AGENTS[BEN], hot_open=5, hot_cap=5),
        CARA: replace(AGENTS[CARA], is_agent=False),
        4: AgentState(4, "Dan", active=False),
        5: AgentState(5, "Eve"),
    }
    rule = rr(ANA, BEN, CARA, 4, 5)

    decision = decide(lead=LEAD, rules=[rule], agents=agents, now=NOW)

    assert decision.agent_id == 5
    reasons = {c.agent_id: (c.status, c.reason) for c in decision.considered}
    assert reasons == {
        ANA: ("skipped", SkipReason.AWAY),
        BEN: ("skipped", SkipReason.AT_CAPACITY),
        CARA: ("skipped", SkipReason.NOT_AGENT),
        4: ("skipped", SkipReason.INACTIVE),
        5: ("chosen", ""),
    }
    details = {c.agent_id: c.detail for c in decision.considered}
    assert details[BEN] == "at cap: 5 of 5 open hot leads"
    assert details[ANA].startswith("away until Jun 02 2025 ")


def test_away_that_has_ended_and_below_cap_are_available():
    agents = {
        ANA: replace(AGENTS[ANA], away_until=NOW - timedelta(minutes=1)),
        BEN: replace(AGENTS[BEN], hot_open=4, hot_cap=5),
    }

    decision = decide(lead=LEAD, rules=[rr(ANA, BEN)], agents=agents, now=NOW)

    assert [(c.agent_id, c.status) for c in decision.considered] == [
        (ANA, "chosen"),
        (BEN, "skipped"),
    ]
    assert decision.considered[1].reason == SkipReason.NOT_NEXT


def test_a_rule_with_no_one_available_falls_through_and_the_default_comes_last():
    default = RuleSpec(
        7, "Default", RoutingStrategy.ROUND_ROBIN, is_default=True, members=(MemberSpec(CARA),)
    )
    luxury = RuleSpec(3, "Ben's", RoutingStrategy.AGENT, agent_id=BEN)
    zillow = rr(ANA, rule_id=5, sources=("zillow",))
    agents = {**AGENTS, BEN: replace(AGENTS[BEN], away_until=NOW + timedelta(days=2))}

    decision = decide(lead=LEAD, rules=[default, luxury, zillow], agents=agents, now=NOW)

    assert (decision.agent_id, decision.rule) == (CARA, default)
    assert [(r.rule_id, r.result) for r in decision.rules] == [
        (3, "no one available"),
        (5, "no match"),
        (7, "took the lead"),
    ]


def test_nobody_available_is_the_pond_with_an_alert():
    agents = {ANA: replace(AGENTS[ANA], hot_open=2, hot_cap=2)}

    decision = decide(lead=LEAD, rules=[rr(ANA)], agents=agents, now=NOW)

    assert (decision.outcome, decision.rule, decision.alert) == (RoutingOutcome.POND, None, True)


def test_excluded_agents_are_skipped_with_the_given_reason():
    excluded = {ANA: SkipReason.PASSED_OVER}

    decision = decide(lead=LEAD, rules=[rr(ANA, BEN)], agents=AGENTS, now=NOW, excluded=excluded)

    assert decision.agent_id == BEN
    assert decision.considered[0].reason == SkipReason.PASSED_OVER


# --- the record ------------------------------------------------------------------------------


def test_event_data_names_rule_candidates_reasons_and_a_summary():
    agents = {**AGENTS, BEN: replace(AGENTS[BEN], hot_open=3, hot_cap=3)}
    rule = rr(ANA, BEN, CARA, rule_id=4)

    decision = decide(lead=LEAD, rules=[rule], agents=agents, now=NOW)
    data = event_data(decision, agents, trigger="created", passed_over=[])

    assert data == {
        "trigger": "created",
        "outcome": "assigned",
        "rule_id": 4,
        "rule_name": "RR 4",
        "strategy": "round_robin",
        "agent_id": ANA,
        "agent_name": "Ana Torres",
        "offered_to": [],
        "candidates": [
            {
                "agent_id": BEN,
                "agent_name": "Ben Whitaker",
                "rule_id": 4,
                "status": "skipped",
                "reason": "at_capacity",
                "detail": "at cap: 3 of 3 open hot leads",
            },
            {
                "agent_id": ANA,
                "agent_name": "Ana Torres",
                "rule_id": 4,
                "status": "chosen",
                "reason": "",
                "detail": "",
            },
            {
                "agent_id": CARA,
                "agent_name": "Cara Lopez",
                "rule_id": 4,
                "status": "skipped",
                "reason": "not_next",
                "detail": "available, not next in turn",
            },
        ],
        "rules": [{"rule_id": 4, "rule_name": "RR 4", "result": "took the lead", "detail": ""}],
        "passed_over": [],
        "summary": "Assigned to Ana Torres by rule “RR 4” (round robin)."
        " Skipped: Ben Whitaker (at cap: 3 of 3 open hot leads);"
        " Cara Lopez (available, not next in turn).",
    }


def test_summary_when_no_rule_is_set_up():
    decision = decide(lead=LEAD, rules=[], agents={}, now=NOW)

    assert event_data(decision, {}, trigger="created", passed_over=[])["summary"] == (
        "No agent available: no routing rule is set up. To the pond; broker alerted."
    )


def test_stride_divides_evenly_by_every_weight():
    assert all(STRIDE % weight == 0 for weight in range(1, 21))
