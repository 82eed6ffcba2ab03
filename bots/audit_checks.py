"""Compliance audit checks over leads and messages (registered into compliance.audit_scan).

They live in bots because only bots may read leads and messages together. The Fair Housing
guard and the exact Texas send windows come from compliance modules written elsewhere; they are
imported lazily so this module works with or without them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import F, Min, QuerySet

from bots.enums import Channel, Direction, MessageStatus
from bots.models import Conversation, Message
from compliance.audit_scan import (
    Candidate,
    CheckUnavailable,
    check,
    find_pii,
    sms_consent_first_granted,
)
from compliance.audit_scan import Severity as S
from leads.models import Lead, LeadEvent

GONE_OUT = (MessageStatus.SENT, MessageStatus.QUEUED, MessageStatus.SCHEDULED)
IMMEDIATE_FLAGS = ("keyword_reply", "opt_out_confirmation")  # bots.services marks these
CHICAGO = ZoneInfo("America/Chicago")
QUIET_START, QUIET_END = time(21, 0), time(9, 0)  # fallback window: no texts 21:00-9:00


def _outbound(since: datetime | None, *, statuses=GONE_OUT, sms_only=True) -> QuerySet[Message]:
    qs = Message.objects.filter(direction=Direction.OUTBOUND, status__in=statuses)
    if sms_only:
        qs = qs.filter(conversation__channel=Channel.SMS)
    if since:
        qs = qs.filter(created_at__gte=since)
    return qs.select_related("conversation__lead").order_by("pk")


def _message(rule: str, severity: str, message: Message, **detail) -> Candidate:
    return Candidate(
        rule=rule,
        severity=severity,
        object_type="bots.message",
        object_id=str(message.pk),
        lead_id=message.conversation.lead_id,
        detail={"at": message.created_at.isoformat(), "status": message.status, **detail},
    )


@check("fair_housing")
def check_fair_housing_sent(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Outbound messages (any channel) that the Fair Housing guard flags."""
    try:
        from compliance.fair_housing import check_fair_housing
    except ImportError as exc:
        raise CheckUnavailable("compliance.fair_housing is not installed") from exc
    for message in _outbound(since, sms_only=False).iterator():
        result = check_fair_housing(message.body)
        if result.violation:
            yield _message(
                "fair_housing",
                S.CRITICAL,
                message,
                categories=sorted(result.categories),
                matches=list(result.matches)[:5],
            )


@check("sms_after_opt_out")
def check_after_opt_out(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Texts created after the lead opted out (sent, or still waiting to go)."""
    qs = _outbound(since).filter(
        conversation__lead__sms_opted_out_at__isnull=False,
        created_at__gt=F("conversation__lead__sms_opted_out_at"),
    )
    for message in qs.iterator():
        yield _message("sms_after_opt_out", S.CRITICAL, message)


def _send_window_open(at: datetime, lead: Lead) -> bool:
    """Whether a text may go out at `at` to this lead (exact Texas/TCPA windows when installed)."""
    try:
        from compliance.quiet_hours import is_within_window
    except ImportError:
        local = at.astimezone(CHICAGO).time()
        return QUIET_END <= local < QUIET_START
    return is_within_window(lead.phone, at)


@check("sms_quiet_hours")
def check_quiet_hours(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Texts that went out outside the recipient's allowed send window.

    Answers to HELP/START and the opt-out confirmation go at once by rule (CTIA), at any hour.
    """
    sent = _outbound(since, statuses=(MessageStatus.SENT,))
    for flag in IMMEDIATE_FLAGS:
        sent = sent.exclude(compliance_flags__contains=[flag])
    for message in sent.iterator():
        sent_at = max(message.created_at, message.send_after or message.created_at)
        if not _send_window_open(sent_at, message.conversation.lead):
            local = sent_at.astimezone(CHICAGO).strftime("%a %H:%M")
            yield _message("sms_quiet_hours", S.CRITICAL, message, local_time_chicago=local)


def _consent_at(lead: Lead, recorded: datetime | None) -> datetime | None:
    stamps = [t for t in (lead.sms_consent_at, recorded) if t is not None]
    return min(stamps) if stamps else None


@check("sms_without_consent")
def check_without_consent(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Leads texted with no SMS consent on file at the time (warning if they texted first)."""
    messages = list(_outbound(since))
    granted = sms_consent_first_granted(lead_ids={m.conversation.lead_id for m in messages})
    unconsented: dict = {}  # lead id -> [first such message, how many]
    for message in messages:
        lead = message.conversation.lead
        consent_at = _consent_at(lead, granted.get(lead.pk))
        if consent_at is None or consent_at > message.created_at:
            unconsented.setdefault(lead.pk, [message, 0])[1] += 1
    for lead_id, (message, count) in unconsented.items():
        texted_first = Message.objects.filter(
            conversation__lead_id=lead_id,
            direction=Direction.INBOUND,
            created_at__lt=message.created_at,
        ).exists()
        yield Candidate(
            rule="sms_without_consent",
            severity=S.WARNING if texted_first else S.CRITICAL,
            object_type="leads.lead",
            object_id=str(lead_id),
            lead_id=lead_id,
            detail={
                "first_message_id": message.pk,
                "messages": count,
                "lead_texted_first": texted_first,
            },
        )


def _pii(rule_object: str, pk, lead_id, field: str, text: str) -> Candidate | None:
    kinds = find_pii(text)
    if not kinds:
        return None
    return Candidate(
        rule="unencrypted_pii",
        severity=S.WARNING,
        object_type=rule_object,
        object_id=f"{pk}:{field}",
        lead_id=lead_id,
        detail={"field": field, "kinds": kinds},
    )


@check("unencrypted_pii", stateful=True)
def check_unencrypted_pii(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Phone numbers or emails in plain-text columns (notes, summaries, event data)."""
    found: list[Candidate | None] = []
    leads = Lead.objects.only("pk", "motivation", "score_reasons")
    for lead in leads.iterator():
        found.append(_pii("leads.lead", lead.pk, lead.pk, "motivation", lead.motivation))
        found.append(_pii("leads.lead", lead.pk, lead.pk, "score_reasons", str(lead.score_reasons)))
    for event in LeadEvent.objects.only("pk", "lead_id", "data").iterator():
        found.append(_pii("leads.leadevent", event.pk, event.lead_id, "data", str(event.data)))
    for conv in Conversation.objects.only("pk", "lead_id", "summary").iterator():
        found.append(_pii("bots.conversation", conv.pk, conv.lead_id, "summary", conv.summary))
    return [c for c in found if c is not None]


def _iabs_model():
    from django.apps import apps

    try:
        from compliance.trec import looks_property_specific

        model = apps.get_model("compliance", "TrecNoticeDelivery")
    except (ImportError, LookupError) as exc:
        raise CheckUnavailable("TREC notice records are not installed") from exc
    return model, looks_property_specific


@check("trec_iabs_missing", stateful=True)
def check_iabs_missing(*, since: datetime | None = None) -> Iterable[Candidate]:
    """Leads sent property-specific texts without an IABS notice delivered by then."""
    model, property_specific = _iabs_model()
    delivered = {
        row["lead_id"]: row["first"]
        for row in model.objects.filter(notice="iabs")
        .values("lead_id")
        .annotate(first=Min("delivered_at"))
    }
    flagged = set()
    for message in _outbound(since, sms_only=False).iterator():
        lead_id = message.conversation.lead_id
        if lead_id in flagged or not property_specific(message.body):
            continue
        first = delivered.get(lead_id)
        if first is None or first > message.created_at:
            flagged.add(lead_id)
            yield Candidate(
                rule="trec_iabs_missing",
                severity=S.WARNING,
                object_type="leads.lead",
                object_id=str(lead_id),
                lead_id=lead_id,
                detail={"first_property_message_id": message.pk},
            )
