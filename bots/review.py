"""Decisions from the admin review queue: a held outbound text is approved (as written, or an
edited text that is checked again) or rejected; an unclear opt-out is confirmed or cleared.
Each decision is recorded on the compliance ReviewItem with who and when."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from bots.enums import ConversationState, Direction, MessageStatus
from bots.models import Message
from bots.services import _STATUS_FOR_ACTION, _apply_opt_out, message_confirm_sendable
from compliance import outbound, review
from compliance import selectors as compliance_selectors
from compliance import services as compliance_services
from compliance.enums import ReviewKind, ReviewStatus
from compliance.verdicts import ConsentResult, ConsentVerdict, GuardResult, Reviewer
from enterprisehub.errors import ApplicationError
from leads import consent as lead_consent


def _item(kind: str, message: Message) -> Any:
    item = compliance_selectors.review_item_for(kind=kind, object_id=message.pk)
    if item is None:
        raise ApplicationError("This message is not in the review queue.", code="NOT_IN_QUEUE")
    return item


def _person_approved(text: str, *, written_by_llm: bool = False) -> GuardResult:
    """The guard after a person approved the text as written."""
    return GuardResult(reviewer="person", reason="approved in the review queue")


@transaction.atomic
def message_review_approve(
    *,
    message: Message,
    by: Any,
    body: str | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Message:
    """Send a held text: as written, or `body` (an edit) once the Fair Housing check allows it.

    The text then goes through the rest of the gate (opt-out, consent, send window) like any
    other; an edit that the check still holds or blocks is refused with a clear error.
    """
    message = (
        Message.objects.select_for_update().select_related("conversation__lead").get(pk=message.pk)
    )
    item = _item(ReviewKind.FAIR_HOUSING, message)
    if message.status != MessageStatus.HELD:
        raise ApplicationError("Only a held text can be approved.", code="NOT_HELD")
    edited = body is not None and body.strip() != message.body.strip()
    text = body.strip() if edited else message.body
    guard = review.fair_housing_review if edited else _person_approved
    lead = message.conversation.lead
    now = now or timezone.now()
    decision = outbound.outbound_sms_decide(
        text,
        phone=lead.phone,
        opted_out_at=lead.sms_opted_out_at,
        consent_current=lead_consent.lead_sms_consent_current(lead=lead, now=now),
        first_contact=False,
        now=now,
        brokerage_name=settings.BROKERAGE_NAME,
        purpose=outbound.Purpose.REPLY,
        guard=guard,
    )
    flagged = decision.verdict is not None and decision.verdict != "allow"
    if edited and flagged:
        raise ApplicationError(
            "The edited text is still flagged by the Fair Housing check: "
            + ", ".join(decision.guard_result.matches or decision.guard_result.categories),
            field="body",
            code="EDIT_STILL_FLAGGED",
        )
    message.body = decision.text
    message.status = _STATUS_FOR_ACTION[decision.action]
    message.send_after = decision.send_after
    message.compliance_flags = [*message.compliance_flags, *map(str, decision.reasons)]
    message.save(update_fields=["body", "status", "send_after", "compliance_flags"])
    compliance_services.review_item_decide(
        item=item,
        status=ReviewStatus.EDITED if edited else ReviewStatus.APPROVED,
        by=by,
        note=note,
        final_text=decision.text if edited else "",
    )
    if message.status == MessageStatus.QUEUED:
        message_confirm_sendable(message=message, now=now)
    return message


@transaction.atomic
def message_review_reject(*, message: Message, by: Any, note: str = "") -> Message:
    """Never send a held text."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    item = _item(ReviewKind.FAIR_HOUSING, message)
    if message.status != MessageStatus.HELD:
        raise ApplicationError("Only a held text can be rejected.", code="NOT_HELD")
    message.status = MessageStatus.BLOCKED
    message.compliance_flags = [*message.compliance_flags, "rejected_in_review"]
    message.save(update_fields=["status", "compliance_flags"])
    compliance_services.review_item_decide(
        item=item, status=ReviewStatus.REJECTED, by=by, note=note
    )
    return message


@transaction.atomic
def opt_out_review_resolve(
    *, message: Message, by: Any, opted_out: bool, channel: str = "sms", note: str = ""
) -> Message | None:
    """A person read an unclear inbound text: an opt-out (honoured now, on `channel`, with the
    single confirmation) or not (the conversation resumes). Returns the confirmation, if any."""
    message = Message.objects.select_related("conversation__lead").get(pk=message.pk)
    if message.direction != Direction.INBOUND:
        raise ApplicationError("Only an inbound text can be an opt-out.", code="NOT_INBOUND")
    item = _item(ReviewKind.OPT_OUT, message)
    conversation = message.conversation
    compliance_services.review_item_decide(
        item=item,
        status=ReviewStatus.OPTED_OUT if opted_out else ReviewStatus.NOT_OPT_OUT,
        by=by,
        note=note,
    )
    if not opted_out:
        conversation.state = ConversationState.HANDED_OFF  # a person keeps the conversation
        conversation.save(update_fields=["state", "updated_at"])
        return None
    result = ConsentResult(ConsentVerdict.OPT_OUT, channel, "person", reviewer=Reviewer.RULES)
    return _apply_opt_out(conversation, message, result, source="review_queue")
