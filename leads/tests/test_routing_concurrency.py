"""Routing under parallel workers on PostgreSQL: each thread has its own connection and
transactions, like Celery workers or gunicorn processes routing leads that arrive at once."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from leads.enums import EventKind, RoutingStrategy, Temperature
from leads.exceptions import OfferTakenError
from leads.models import Lead, LeadEvent
from leads.routing import offers, services
from leads.routing.models import AgentAvailability, RoutingRuleMember
from leads.tests.factories import RoutingRuleFactory

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 8


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT ... FOR UPDATE) are what is tested: needs PostgreSQL")


def in_parallel(jobs: list[Callable[[], object]], workers: int = WORKERS) -> list[object]:
    """Run the jobs on `workers` threads that start together; results or raised exceptions."""
    barrier = threading.Barrier(workers)
    chunks = [jobs[i::workers] for i in range(workers)]

    def run(chunk):
        out = []
        try:
            barrier.wait()
            for job in chunk:
                try:
                    out.append(job())
                except Exception as exc:  # collected: the test asserts on them
                    out.append(exc)
        finally:
            connection.close()  # each thread opened its own connection
        return out

    with ThreadPoolExecutor(workers) as pool:
        return [item for chunk in pool.map(run, chunks) for item in chunk]


def unassigned_leads(count: int, **fields) -> list[Lead]:
    return Lead.objects.bulk_create(
        [Lead(first_name=f"Parallel {i}", source="api", **fields) for i in range(count)]
    )


def route_job(lead_id) -> Callable[[], object]:
    return lambda: services.lead_route(lead=Lead(pk=lead_id))


def test_round_robin_over_1000_leads_from_parallel_workers_differs_by_at_most_one(
    agent, other_agent, make_agent
):
    cara = make_agent("agent_cara")
    rule = RoutingRuleFactory(members=[agent, other_agent, cara])
    leads = unassigned_leads(1000)

    results = in_parallel([route_job(lead.pk) for lead in leads])

    assert [r for r in results if isinstance(r, Exception)] == []
    counts = Counter(Lead.objects.values_list("assigned_agent", flat=True))
    assert set(counts) == {agent.pk, other_agent.pk, cara.pk}
    assert sum(counts.values()) == 1000
    assert max(counts.values()) - min(counts.values()) <= 1
    # Every pick took its own turn: the cursor saw each one, none was lost to a race.
    rule.refresh_from_db()
    assert rule.rr_turns == 1000
    assert LeadEvent.objects.filter(kind=EventKind.ROUTED).count() == 1000
    turns = RoutingRuleMember.objects.filter(rule=rule).values_list("last_turn", flat=True)
    assert sorted(turns) == [998, 999, 1000]


def test_weighted_round_robin_holds_its_shares_under_parallel_workers(agent, other_agent):
    RoutingRuleFactory(members=[(agent, 3), (other_agent, 1)])
    leads = unassigned_leads(120)

    in_parallel([route_job(lead.pk) for lead in leads])

    counts = Counter(Lead.objects.values_list("assigned_agent", flat=True))
    assert counts == {agent.pk: 90, other_agent.pk: 30}


def test_a_cap_shared_by_two_rules_is_never_exceeded(agent, other_agent):
    RoutingRuleFactory(
        name="Website", strategy=RoutingStrategy.AGENT, agent=agent, sources=["website"]
    )
    RoutingRuleFactory(name="Zillow", members=[agent], sources=["zillow"])
    AgentAvailability.objects.create(agent=agent, hot_lead_cap=5)
    hot = {"score": 9, "temperature": Temperature.HOT}
    leads = [
        *unassigned_leads(10, **hot),
        *Lead.objects.bulk_create(
            [Lead(first_name=f"Z{i}", source="zillow", **hot) for i in range(10)]
        ),
    ]
    Lead.objects.filter(first_name__startswith="Parallel").update(source="website")

    in_parallel([route_job(lead.pk) for lead in leads])

    assert Lead.objects.filter(assigned_agent=agent).count() == 5
    assert LeadEvent.objects.filter(kind=EventKind.ROUTING_NO_AGENT).count() == 15


def test_parallel_claims_of_one_broadcast_have_exactly_one_winner(agent, make_agent):
    agents = [agent, *(make_agent(f"agent_{i}") for i in range(WORKERS - 1))]
    RoutingRuleFactory(strategy=RoutingStrategy.BROADCAST, members=agents)
    (lead,) = unassigned_leads(1)
    offer = services.lead_route(lead=lead).offer

    results = in_parallel(
        [lambda a=a: offers.offer_claim(offer_id=offer.pk, agent=a) for a in agents]
    )

    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == WORKERS - 1
    assert all(isinstance(exc, OfferTakenError) for exc in losers)
    lead.refresh_from_db()
    assert lead.assigned_agent == winners[0].claimed_by
    assert LeadEvent.objects.filter(lead=lead, kind=EventKind.CLAIMED).count() == 1
