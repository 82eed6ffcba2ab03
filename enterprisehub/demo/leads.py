"""Write the demo leads through the leads services, then their conversations in bulk.

Leads go through `leads.services.lead_create` (so phones and emails are normalised, encrypted
and blind-indexed, and the created event and audit entry are recorded). Conversations,
messages, bot decisions and the extra timeline events are bulk-inserted, and every timestamp is
moved back to when the story says it happened (auto_now_add would stamp them all "now").
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.test.utils import override_settings

from bots.enums import Channel
from bots.models import BotDecision, Conversation, Message
from enterprisehub import pii
from enterprisehub.accounts.models import User
from enterprisehub.demo.lead_plans import LeadPlan, demo_phone, lead_plan
from enterprisehub.demo.stories import PROMPT_VERSION, Story, story_for
from leads import services
from leads.enums import EventKind
from leads.models import Lead, LeadEvent
from leads.scoring import temperature_for

EXPERIMENT = "greeting-2026-q4"
BACKDATED_LEAD_FIELDS = [
    "score",
    "temperature",
    "score_reasons",
    "created_at",
    "updated_at",
    "last_contacted_at",
    "sms_opted_out_at",
]


@dataclass
class LeadCounts:
    leads: int = 0
    conversations: int = 0
    messages: int = 0
    decisions: int = 0
    events: int = 0
    by_stage: dict[str, int] = field(default_factory=dict)

    def add(self, other: LeadCounts) -> None:
        for name in ("leads", "conversations", "messages", "decisions", "events"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for stage, n in other.by_stage.items():
            self.by_stage[stage] = self.by_stage.get(stage, 0) + n


def _variant(lead: Lead) -> str:
    digest = hashlib.sha256(f"{lead.id}:{EXPERIMENT}".encode()).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def _create_lead(plan: LeadPlan, story: Story, agents: list[User]) -> Lead:
    """Create through the service (normalise, encrypt, blind-index, record), then fill in
    what the story says happened since: score, contact times, opt-out (saved in bulk later)."""
    agent = agents[plan.agent_slot] if plan.agent_slot is not None else None
    lead = services.lead_create(
        phone=plan.phone,
        email=plan.email,
        allow_duplicate=True,  # leads_ensure already skipped the demo phones on file
        first_name=plan.first_name,
        last_name=plan.last_name,
        source=plan.source,
        intent=plan.intent,
        stage=plan.stage,
        assigned_agent=agent,
        # Texting needs consent (TCPA): the SMS leads gave it when they wrote in.
        sms_consent_at=plan.created_at if story.channel == Channel.SMS else None,
        **plan.facts,
    )
    outbound = [m.at for m in story.messages if m.direction == "outbound"]
    lead.score, lead.score_reasons = plan.score, plan.reasons
    lead.temperature = temperature_for(plan.score)
    lead.created_at = plan.created_at
    lead.updated_at = story.messages[-1].at
    lead.last_contacted_at = outbound[-1] if outbound else None
    if plan.opted_out:
        lead.sms_opted_out_at = next(
            at for kind, _, at in story.events if kind == EventKind.OPTED_OUT
        )
    return lead


def _conversation_rows(lead: Lead, plan: LeadPlan, story: Story) -> Conversation:
    return Conversation(
        lead=lead,
        channel=story.channel,
        bot=story.bot,
        state=story.state,
        variant=_variant(lead),
        turn_count=story.turns,
        summary=story.summary,
        ghl_conversation_id=f"demo-conv-{plan.index:05d}",
    )


def _message_rows(conv: Conversation, plan: LeadPlan, story: Story) -> list[Message]:
    return [
        Message(
            conversation=conv,
            direction=m.direction,
            body=m.body,
            external_id=f"demo-{plan.index:05d}-{n:02d}",
            status=m.status,
            provider=m.provider,
            model=m.model,
            tokens_in=m.tokens_in,
            tokens_out=m.tokens_out,
            cost=m.cost,
            latency_ms=m.latency_ms,
            created_at=m.at,
        )
        for n, m in enumerate(story.messages, start=1)
    ]


def _decision_rows(rows: list[Message], story: Story) -> list[BotDecision]:
    out = []
    for row, m in zip(rows, story.messages, strict=True):
        if m.decision:
            kind, output, reasoning, confidence = m.decision
            decision = BotDecision(
                message=row,
                kind=kind,
                output=output,
                reasoning=reasoning,
                inputs_summary=f"Inbound message {row.external_id}",
                provider=m.provider or "anthropic",
                prompt_version=PROMPT_VERSION,
                confidence=confidence,
                created_at=m.at,
            )
            out.append(decision)
    return out


def _event_rows(lead: Lead, plan: LeadPlan, story: Story) -> list[LeadEvent]:
    timeline = []
    if lead.assigned_agent_id:
        data = {"agent_id": lead.assigned_agent_id}
        timeline.append((EventKind.ASSIGNED, data, plan.created_at))
    scored = {"score": lead.score, "temperature": lead.temperature}
    timeline.append((EventKind.SCORED, scored, story.scored_at))
    timeline += story.events
    return [LeadEvent(lead=lead, kind=kind, data=data, at=at) for kind, data, at in timeline]


@contextmanager
def _explicit_timestamps(model):
    """Let bulk_create keep the story's times: auto_now/auto_now_add would stamp "now"."""
    fields = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    fields += [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _insert(model, rows: list) -> None:
    with _explicit_timestamps(model):
        model.objects.bulk_create(rows, batch_size=500)


@transaction.atomic
def _write_batch(plans: list[LeadPlan], seed: int, agents: list[User], now: datetime) -> LeadCounts:
    """Create one batch of leads with their conversations; all or nothing."""
    counts = LeadCounts()
    leads, convs, messages, decisions, events = [], [], [], [], []
    created_at = {}
    for plan in plans:
        agent = agents[plan.index % 2].get_full_name()
        story = story_for(plan=plan, seed=seed, agent=agent, now=now)
        lead = _create_lead(plan, story, agents)
        conv = _conversation_rows(lead, plan, story)
        conv.created_at, conv.updated_at = plan.created_at, story.messages[-1].at
        rows = _message_rows(conv, plan, story)
        leads.append(lead)
        convs.append(conv)
        messages += rows
        decisions += _decision_rows(rows, story)
        events += _event_rows(lead, plan, story)
        created_at[lead.pk] = plan.created_at
        counts.by_stage[plan.stage] = counts.by_stage.get(plan.stage, 0) + 1
    Lead.objects.bulk_update(leads, BACKDATED_LEAD_FIELDS, batch_size=100)
    for model, rows in (
        (Conversation, convs),
        (Message, messages),
        (BotDecision, decisions),
        (LeadEvent, events),
    ):
        _insert(model, rows)
    by_service = list(LeadEvent.objects.filter(lead__in=leads, kind=EventKind.CREATED))
    for event in by_service:
        event.at = created_at[event.lead_id]
    LeadEvent.objects.bulk_update(by_service, ["at"])
    counts.leads, counts.conversations, counts.messages = len(leads), len(convs), len(messages)
    counts.decisions, counts.events = len(decisions), len(events) + len(by_service)
    return counts


def leads_ensure(
    *, count: int, seed: int, agents: list[User], now: datetime, batch_size: int = 50, progress=None
) -> LeadCounts:
    """Create demo leads 1..count that are missing (keyed by their phone's blind index)."""
    wanted = {pii.blind_index("phone", demo_phone(i)): i for i in range(1, count + 1)}
    present = set(
        Lead.objects.filter(phone_hash__in=list(wanted)).values_list("phone_hash", flat=True)
    )
    missing = sorted(i for h, i in wanted.items() if h not in present)
    total = LeadCounts()
    # Demo rows are history, not news: their live events stay off the channel layer (with
    # Redis that is a connection per event, most of the seeding time, for no one watching).
    with override_settings(CHANNEL_LAYERS={}):
        for start in range(0, len(missing), batch_size):
            chunk = missing[start : start + batch_size]
            plans = [lead_plan(index=i, seed=seed, now=now) for i in chunk]
            total.add(_write_batch(plans, seed, agents, now))
            if progress:
                progress(total)
    return total
