"""Message writes: store inbound texts (idempotently, applying STOP/START/HELP) and prepare every
outbound text through the compliance gate (bots, nurture and manual sends alike).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing import services as billing_services
from billing.enums import Channel as BillingChannel
from billing.exceptions import PaymentLinkNotSentError
from bots.enums import Channel, ConversationState, DecisionKind, Direction, MessageStatus
from bots.models import BotDecision, Conversation, Message
from compliance import consent as consent_rules
from compliance import outbound, quiet_hours, review, trec
from compliance import selectors as compliance_selectors
from compliance import services as compliance_services
from compliance.enums import ReviewKind
from compliance.verdicts import ConsentClassifier, ConsentResult, ConsentVerdict, GuardResult
from enterprisehub.errors import ApplicationError, NotFoundError
from leads import consent as lead_consent
from leads import selectors as lead_selectors
from leads.routing import services as lead_routing

Purpose = outbound.Purpose
REPLY_WINDOW = timedelta(hours=24)  # an outbound within this of the lead's text is a reply
PENDING = (MessageStatus.QUEUED, MessageStatus.SCHEDULED)
KEYWORD_REPLY_FLAG = "keyword_reply"
_STATUS_FOR_ACTION = {
    outbound.Action.SEND: MessageStatus.QUEUED,
    outbound.Action.DELAY: MessageStatus.SCHEDULED,
    outbound.Action.HOLD: MessageStatus.HELD,
    outbound.Action.BLOCK: MessageStatus.BLOCKED,
}


@dataclass(frozen=True)
class InboundResult:
    """The stored inbound message, whether it was new, what it meant, and any reply prepared."""

    message: Message
    created: bool
    intent: str  # the ConsentVerdict
    reply: Message | None = None
    consent: ConsentResult | None = None


def _is_first_contact(conversation: Conversation) -> bool:
    return (
        not Message.objects.filter(
            conversation__lead_id=conversation.lead_id, direction=Direction.OUTBOUND
        )
        .exclude(status=MessageStatus.BLOCKED)
        .exists()
    )


def _latest_inbound(conversation: Conversation) -> Message | None:
    return (
        Message.objects.filter(conversation=conversation, direction=Direction.INBOUND)
        .order_by("-created_at", "-id")
        .first()
    )


def _purpose_for(conversation: Conversation, latest_inbound: Message | None, now: datetime) -> str:
    if latest_inbound is not None and latest_inbound.created_at >= now - REPLY_WINDOW:
        return Purpose.REPLY
    return Purpose.MARKETING


def _guard_decision(message: Message, result: GuardResult) -> BotDecision:
    """The AI audit trail of one guard verdict (who decided, and the reviewer's cost)."""
    call = result.call
    decision = BotDecision.objects.create(
        message=message,
        kind=DecisionKind.GUARD,
        output={
            "verdict": str(result.verdict),
            "violation": result.violation,
            "categories": list(result.categories),
            "matches": list(result.matches),
            "rule_ids": list(result.rule_ids),
            "reviewer": str(result.reviewer),
            **(
                {
                    "cost_usd": str(call.cost_usd),
                    "latency_ms": call.latency_ms,
                    "outcome": call.outcome,
                }
                if call
                else {}
            ),
        },
        reasoning=result.reason or result.suggestion or "",
        provider="anthropic" if call else "rules",
        prompt_version=review.PROMPT_VERSION if call else "",
    )
    return decision


def _hold_for_review(conversation: Conversation, message: Message, result: GuardResult) -> None:
    """A REVIEW verdict: the text waits in the admin queue and never sends by itself."""
    compliance_services.review_item_open(
        kind=ReviewKind.FAIR_HOUSING,
        lead_id=conversation.lead_id,
        object_id=str(message.pk),
        verdict=result.verdict,
        categories=result.categories,
        rule_ids=result.rule_ids,
        matches=result.matches,
        reviewer=result.reviewer,
        reason=result.reason,
    )
    _guard_decision(message, result)


def _record_fair_housing_block(conversation: Conversation, message: Message, result: Any) -> None:
    categories, matches = list(result.categories), list(result.matches)
    compliance_services.finding_fair_housing_record(
        lead_id=conversation.lead_id,
        object_type="bots.message",
        object_id=str(message.pk),
        categories=categories,
        matches=matches,
        suggestion=result.suggestion or "",
    )
    _guard_decision(message, result)
    # A lead with no agent is routed by the brokerage's rules so a person actually gets it.
    lead_routing.lead_hand_off_routed(lead=conversation.lead, reason="fair_housing_block")
    conversation.state = ConversationState.HANDED_OFF
    conversation.save(update_fields=["state", "updated_at"])


@transaction.atomic
def message_prepare_outbound(
    *,
    conversation: Conversation,
    body: str,
    first_contact: bool | None = None,
    purpose: str | None = None,
    sender_is_ai: bool = True,
    guard: outbound.Guard | None = None,
    now: datetime | None = None,
) -> Message:
    """Run `body` through the compliance gate and store the outbound Message.

    Status: queued (send now), scheduled (send_after = next window opening), held (Fair
    Housing REVIEW: waits in the admin review queue, never sends by itself) or blocked (reason
    in compliance_flags). A Fair Housing block also records a critical Finding and hands the
    conversation to a human. `purpose` defaults to a reply when the lead texted in the last 24 h,
    else marketing; `guard` defaults to compliance.review.fair_housing_review (the rules, then
    the LLM reviewer for AI-written text and what the rules hold).
    """
    now = now or timezone.now()
    lead = conversation.lead
    lead.refresh_from_db(fields=["phone", "sms_opted_out_at", "sms_consent_at"])
    latest_inbound = _latest_inbound(conversation)
    if first_contact is None:
        first_contact = _is_first_contact(conversation)
    decision = outbound.outbound_sms_decide(
        body,
        phone=lead.phone,
        opted_out_at=lead.sms_opted_out_at,
        consent_current=lead_consent.lead_sms_consent_current(lead=lead, now=now),
        first_contact=first_contact and sender_is_ai,
        now=now,
        brokerage_name=settings.BROKERAGE_NAME,
        purpose=purpose or _purpose_for(conversation, latest_inbound, now),
        asked_if_ai=sender_is_ai
        and latest_inbound is not None
        and trec.asks_if_bot(latest_inbound.body),
        guard=guard,
        written_by_llm=sender_is_ai,
        opt_out_unclear=compliance_selectors.opt_out_review_pending(lead_id=lead.id),
    )
    flags = _flags_with_iabs(decision, lead_id=lead.id, body=body)
    message = Message.objects.create(
        conversation=conversation,
        direction=Direction.OUTBOUND,
        body=decision.text,
        status=_STATUS_FOR_ACTION[decision.action],
        compliance_flags=flags,
        send_after=decision.send_after,
    )
    if outbound.Reason.FAIR_HOUSING in decision.reasons:
        _record_fair_housing_block(conversation, message, decision.guard_result)
    elif decision.action == outbound.Action.HOLD:
        _hold_for_review(conversation, message, decision.guard_result)
    elif decision.guard_result is not None and decision.guard_result.call is not None:
        _guard_decision(message, decision.guard_result)
    return message


def _flags_with_iabs(decision: outbound.Decision, *, lead_id: Any, body: str) -> list[str]:
    """The decision's reasons, plus iabs_due (and the IABS email) for a first property text."""
    flags = [str(reason) for reason in decision.reasons]
    held = decision.action in (outbound.Action.BLOCK, outbound.Action.HOLD)
    if held or not trec.looks_property_specific(body):
        return flags
    if trec.notice_delivered(lead_id=lead_id):
        return flags
    # TREC: the IABS goes with the first text about a specific property, by email (not SMS).
    transaction.on_commit(lambda: lead_consent.lead_iabs_email(lead_id=lead_id))
    return [*flags, "iabs_due"]


def message_send_manual(
    *,
    conversation: Conversation,
    body: str,
    guard: outbound.Guard | None = None,
    now: datetime | None = None,
) -> Message:
    """A text typed by an agent or broker: the same gate, without the AI disclosure."""
    message = message_prepare_outbound(
        conversation=conversation, body=body, sender_is_ai=False, guard=guard, now=now
    )
    # Who sent it is in the audit log (auditlog middleware records the request's user).
    message.provider = "manual"
    message.save(update_fields=["provider"])
    return message


def _block_pending(lead_id: Any, *, reason: str) -> int:
    """Block every pending text to the lead (after STOP) except the opt-out confirmation."""
    pending = (
        Message.objects.select_for_update()
        .filter(conversation__lead_id=lead_id, direction=Direction.OUTBOUND, status__in=PENDING)
        .exclude(compliance_flags__contains=["opt_out_confirmation"])
    )
    count = 0
    for message in pending:
        message.status = MessageStatus.BLOCKED
        message.compliance_flags = [*message.compliance_flags, reason]
        message.save(update_fields=["status", "compliance_flags"])
        count += 1
    return count


def _opt_out_confirmation(conversation: Conversation) -> Message:
    decision = outbound.outbound_sms_decide(
        consent_rules.opt_out_confirmation_text(),
        phone=conversation.lead.phone,
        opted_out_at=conversation.lead.sms_opted_out_at,
        consent_current=False,
        first_contact=False,
        now=timezone.now(),
        brokerage_name=settings.BROKERAGE_NAME,
        purpose=Purpose.OPT_OUT_CONFIRMATION,
    )
    return Message.objects.create(
        conversation=conversation,
        direction=Direction.OUTBOUND,
        body=decision.text,
        status=MessageStatus.QUEUED,
        compliance_flags=["opt_out_confirmation", *map(str, decision.reasons)],
    )


def _apply_opt_out(
    conversation: Conversation, message: Message, result: ConsentResult, source: str
) -> Message | None:
    """Honour an opt-out at once on the channels it names; the one SMS confirmation only when
    texts stop (an e-mail-only unsubscribe leaves SMS consent alone)."""
    lead = conversation.lead
    if result.stops_email:
        lead_consent.lead_email_unsubscribe(lead_id=lead.id, source=source)
    if not result.stops_sms:
        return None
    lead, changed = lead_consent.lead_opt_out(lead=lead, source=source, evidence=message.body)
    conversation.lead = lead
    if not changed:
        return None  # one confirmation only, ever
    reply = _opt_out_confirmation(conversation)
    _block_pending(lead.id, reason=outbound.Reason.OPTED_OUT)
    return reply


def _hold_unclear_opt_out(conversation: Conversation, message: Message, result: ConsentResult):
    """An unclear opt-out: no automated or marketing text until a person (or the lead)
    resolves it, and the conversation goes to a human."""
    compliance_services.review_item_open(
        kind=ReviewKind.OPT_OUT,
        lead_id=conversation.lead_id,
        object_id=str(message.pk),
        verdict=result.verdict,
        rule_ids=[result.rule],
        matches=[s.text for s in result.spans],
        reviewer=result.reviewer,
    )
    lead_routing.lead_hand_off_routed(lead=conversation.lead, reason="opt_out_unclear")
    conversation.state = ConversationState.PAUSED
    conversation.save(update_fields=["state", "updated_at"])


def _apply_consent_result(
    conversation: Conversation,
    message: Message,
    result: ConsentResult,
    guard: outbound.Guard | None,
) -> Message | None:
    lead = conversation.lead
    source = "sms_keyword" if consent_rules.is_keyword(message.body, _ALL_KEYWORDS) else "sms_text"
    if result.verdict == ConsentVerdict.OPT_OUT:
        return _apply_opt_out(conversation, message, result, source)
    if result.verdict == ConsentVerdict.UNCLEAR:
        _hold_unclear_opt_out(conversation, message, result)
        return None
    if result.verdict == ConsentVerdict.START:
        conversation.lead, _ = lead_consent.lead_opt_in(
            lead=lead, source=source, evidence=message.body
        )
        text = consent_rules.opt_in_confirmation_text()
    else:
        text = consent_rules.help_text()
    reply = message_prepare_outbound(
        conversation=conversation,
        body=text,
        purpose=Purpose.KEYWORD_REPLY,
        guard=guard,
        sender_is_ai=False,
    )
    if reply.status != MessageStatus.BLOCKED:
        # Marked so the send-time re-check keeps it immediate (a HELP answer waits for no window).
        reply.compliance_flags = [*reply.compliance_flags, KEYWORD_REPLY_FLAG]
        reply.save(update_fields=["compliance_flags"])
    return reply


_ALL_KEYWORDS = (
    consent_rules.OPT_OUT_KEYWORDS | consent_rules.START_KEYWORDS | consent_rules.HELP_KEYWORDS
)


@transaction.atomic
def message_receive_inbound(
    *,
    conversation: Conversation,
    body: str,
    external_id: str,
    provider: str = "ghl",
    guard: outbound.Guard | None = None,
    classifier: ConsentClassifier = review.consent_review,
) -> InboundResult:
    """Store an inbound text once (external_id is the idempotency key) and apply its consent
    meaning: OPT_OUT (on the channels it names, at once), UNCLEAR (held for a person, the
    conversation paused), START, HELP.

    A repeated external_id returns the stored message and does nothing else. The HELP and START
    replies go through the outbound gate; the opt-out confirmation is sent once, always.
    """
    if not (external_id or "").strip():
        raise ApplicationError(
            "An inbound message needs its provider id.",
            field="external_id",
            code="EXTERNAL_ID_REQUIRED",
        )
    # One inbound at a time per conversation, so two STOPs never send two confirmations.
    Conversation.objects.select_for_update().filter(pk=conversation.pk).first()
    message, created = Message.objects.get_or_create(
        external_id=external_id,
        defaults={
            "conversation": conversation,
            "direction": Direction.INBOUND,
            "body": body,
            "status": MessageStatus.RECEIVED,
            "provider": provider,
        },
    )
    if not created:
        return InboundResult(message=message, created=False, intent=ConsentVerdict.NONE)
    lead = conversation.lead
    lead.refresh_from_db(fields=["sms_opted_out_at", "sms_consent_at"])
    result = classifier(body, opted_out=lead.sms_opted_out_at is not None)
    if result.verdict == ConsentVerdict.NONE:
        return InboundResult(message=message, created=True, intent=result.verdict, consent=result)
    message.compliance_flags = [
        str(result.verdict),
        *([f"channel:{result.channel}"] if result.channel else []),
    ]
    message.save(update_fields=["compliance_flags"])
    reply = _apply_consent_result(conversation, message, result, guard)
    return InboundResult(
        message=message, created=True, intent=result.verdict, reply=reply, consent=result
    )


@transaction.atomic
def message_confirm_sendable(*, message: Message, now: datetime | None = None) -> bool:
    """Re-check a queued/scheduled text just before it goes out (opt-outs win, windows hold).

    Blocks it if the lead opted out since it was prepared; re-schedules it if it is now outside
    the send window. The sender calls this and sends only on True.
    """
    now = now or timezone.now()
    message = (
        Message.objects.select_for_update().select_related("conversation__lead").get(pk=message.pk)
    )
    if message.status not in PENDING or (message.send_after and now < message.send_after):
        return False
    lead = message.conversation.lead
    confirmation = "opt_out_confirmation" in message.compliance_flags
    if lead.sms_opted_out_at is not None and not confirmation:
        _block_pending(lead.id, reason=outbound.Reason.OPTED_OUT)
        return False
    immediate = confirmation or KEYWORD_REPLY_FLAG in message.compliance_flags
    opening = now if immediate else quiet_hours.next_send_time(lead.phone, now)
    if opening != now:
        message.status, message.send_after = MessageStatus.SCHEDULED, opening
        message.save(update_fields=["status", "send_after"])
        return False
    return True


# --- consultation payment links (billing opens the Stripe page; bots texts it) ----------------


@dataclass(frozen=True)
class PaymentLinkText:
    """The payment opened at Stripe and the text carrying its link (queued, scheduled, blocked)."""

    payment: Any
    message: Message

    @property
    def sent(self) -> bool:
        return self.message.status != MessageStatus.BLOCKED


def _sms_conversation(lead: Any) -> Conversation:
    conversation = (
        Conversation.objects.filter(lead=lead, channel=Channel.SMS).order_by("-created_at").first()
    )
    return conversation or Conversation.objects.create(lead=lead, channel=Channel.SMS)


def message_send_payment_link(
    *, lead_id: Any, product_id: Any, actor: Any = None, viewer: Any = None
) -> PaymentLinkText:
    """Text the lead a consultation payment link, typed as if by a person (the manual gate).

    An opted-out lead or one without a phone is refused before Stripe is asked. If the gate
    blocks the text (no consent, Fair Housing) the Stripe page is expired at once, so no live
    link is left behind; `sent` says which happened and the message's flags say why.
    """
    lead = lead_selectors.lead_get(lead_id=lead_id, viewer=viewer)
    if lead is None:
        raise NotFoundError("No such lead.", field="lead_id")
    if not lead.phone or lead.sms_opted_out_at is not None:
        raise PaymentLinkNotSentError(
            "This lead cannot be texted (no phone, or opted out): email the link instead.",
            field="lead_id",
        )
    conversation = _sms_conversation(lead)
    payment = billing_services.payment_checkout_create(
        lead_id=lead.pk,
        product_id=product_id,
        channel=BillingChannel.SMS,
        actor=actor,
        viewer=viewer,
        bot_variant=conversation.variant,
    )
    text = billing_services.payment_link_text(
        lead=lead, product=payment.product, url=payment.checkout_url
    )
    message = message_send_manual(conversation=conversation, body=text)
    if message.status == MessageStatus.BLOCKED:
        reasons = ", ".join(message.compliance_flags) or "blocked"
        billing_services.payment_link_cancel(payment=payment, reason=f"text blocked: {reasons}")
        payment.refresh_from_db()
    return PaymentLinkText(payment=payment, message=message)


def conversation_variant_for_lead(lead_id: Any) -> str:
    """The A/B arm of the lead's latest conversation that has one ("" when none)."""
    variant = (
        Conversation.objects.filter(lead_id=lead_id)
        .exclude(variant="")
        .order_by("-created_at")
        .values_list("variant", flat=True)
        .first()
    )
    return variant or ""
