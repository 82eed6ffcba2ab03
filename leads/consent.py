"""Lead consent workflows: SMS opt-out/opt-in, consent grant and re-affirmation, unsubscribe.

Each writes the Lead field, a compliance ConsentRecord (the legal log) and a LeadEvent (the
timeline), and is idempotent: a second STOP or unsubscribe changes nothing.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from compliance import consent as consent_rules
from compliance import services as compliance_services
from compliance import trec
from enterprisehub import realtime
from leads.enums import EventKind
from leads.exceptions import LeadRuleError
from leads.models import Lead, LeadEvent

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User

SMS = consent_rules.ConsentChannel.SMS
EMAIL = consent_rules.ConsentChannel.EMAIL
LIVE_GROUP = "bi.leads"


def _locked(lead: Lead) -> Lead:
    return Lead.objects.select_for_update().get(pk=lead.pk)


def _record_sms(
    lead: Lead,
    *,
    action: str,
    source: str,
    event_kind: str,
    event_data: dict,
    actor: User | None,
    text_shown: str = "",
    evidence: str = "",
) -> None:
    """The two traces of every SMS consent change: the compliance record and the lead event."""
    compliance_services.consent_record_create(
        lead_id=lead.id,
        channel=SMS,
        action=action,
        source=source,
        text_shown=text_shown,
        evidence=evidence,
    )
    LeadEvent.objects.create(lead=lead, kind=event_kind, data=event_data, actor=actor)


def _grant_sms(
    lead: Lead, *, note: str, source: str, text_shown: str, evidence: str, actor: User | None
) -> None:
    """Consent now, any opt-out lifted, and both traces recorded."""
    lead.sms_opted_out_at = None
    lead.sms_consent_at = timezone.now()
    lead.save(update_fields=["sms_opted_out_at", "sms_consent_at", "updated_at"])
    _record_sms(
        lead,
        action=consent_rules.ConsentAction.GRANTED,
        source=source,
        text_shown=text_shown,
        evidence=evidence,
        event_kind=EventKind.NOTE,
        event_data={"consent": note, "source": source},
        actor=actor,
    )


@transaction.atomic
def lead_opt_out(
    *, lead: Lead, source: str, evidence: str = "", actor: User | None = None
) -> tuple[Lead, bool]:
    """Stop all texts to the lead at once; (lead, changed). Already opted out: nothing changes."""
    locked = _locked(lead)
    if locked.sms_opted_out_at is not None:
        return locked, False
    locked.sms_opted_out_at = timezone.now()
    locked.save(update_fields=["sms_opted_out_at", "updated_at"])
    _record_sms(
        locked,
        action=consent_rules.ConsentAction.REVOKED,
        source=source,
        evidence=evidence,
        event_kind=EventKind.OPTED_OUT,
        event_data={"channel": SMS, "source": source},
        actor=actor,
    )
    realtime.publish_on_commit(LIVE_GROUP, "lead.opted_out", {"id": str(locked.id)})
    return locked, True


@transaction.atomic
def lead_opt_in(
    *, lead: Lead, source: str, evidence: str = "", text_shown: str = "", actor: User | None = None
) -> tuple[Lead, bool]:
    """Resume texts after START/UNSTOP (counts as fresh consent); (lead, changed)."""
    locked = _locked(lead)
    if locked.sms_opted_out_at is None and locked.sms_consent_at is not None:
        return locked, False
    _grant_sms(
        locked,
        note="sms_opted_in",
        source=source,
        text_shown=text_shown,
        evidence=evidence,
        actor=actor,
    )
    return locked, True


@transaction.atomic
def lead_consent_grant(
    *, lead: Lead, source: str, text_shown: str, evidence: str = "", actor: User | None = None
) -> Lead:
    """Record SMS consent (web form, keyword, agent) with the exact disclosure shown."""
    locked = _locked(lead)
    # A fresh, explicit consent supersedes an earlier opt-out.
    _grant_sms(
        locked,
        note="sms_granted",
        source=source,
        text_shown=text_shown,
        evidence=evidence,
        actor=actor,
    )
    return locked


@transaction.atomic
def lead_consent_reaffirm(
    *, lead: Lead, source: str, text_shown: str = "", actor: User | None = None
) -> Lead:
    """Renew SMS consent for another 18 months (refused after an opt-out: use opt-in)."""
    locked = _locked(lead)
    if locked.sms_opted_out_at is not None or locked.sms_consent_at is None:
        raise LeadRuleError(
            "Only a lead with consent on file can re-affirm it.", field="sms_consent_at"
        )
    locked.sms_consent_at = timezone.now()
    locked.save(update_fields=["sms_consent_at", "updated_at"])
    _record_sms(
        locked,
        action=consent_rules.ConsentAction.REAFFIRMED,
        source=source,
        text_shown=text_shown,
        event_kind=EventKind.NOTE,
        event_data={"consent": "sms_reaffirmed", "source": source},
        actor=actor,
    )
    return locked


def lead_sms_consent_current(*, lead: Lead, now: datetime | None = None) -> bool:
    """True when the lead may get marketing texts: consent within 18 months and no opt-out."""
    if lead.sms_opted_out_at is not None:
        return False
    return consent_rules.consent_is_current(
        consented_at=lead.sms_consent_at, now=now or timezone.now()
    )


def lead_marketing_email_allowed(*, lead: Lead) -> bool:
    """True when marketing email may go to the lead (an address and no unsubscribe)."""
    return bool(lead.email) and lead.email_unsubscribed_at is None


@transaction.atomic
def lead_email_unsubscribe(*, lead_id: uuid.UUID, source: str) -> Lead | None:
    """Stop marketing email to the lead at once; None when no such lead. Idempotent."""
    lead = Lead.objects.select_for_update().filter(pk=lead_id).first()
    if lead is None or lead.email_unsubscribed_at is not None:
        return lead
    lead.email_unsubscribed_at = timezone.now()
    lead.save(update_fields=["email_unsubscribed_at", "updated_at"])
    compliance_services.consent_record_create(
        lead_id=lead.id, channel=EMAIL, action=consent_rules.ConsentAction.REVOKED, source=source
    )
    LeadEvent.objects.create(
        lead=lead, kind=EventKind.OPTED_OUT, data={"channel": EMAIL, "source": source}
    )
    return lead


def lead_iabs_email(*, lead_id: uuid.UUID, by: User | None = None) -> bool:
    """Email the IABS notice (named, linked in the body) and record it; False if not sent.

    Not sent when the lead has no email address or already has the notice on record; an agent
    then delivers it in person and records that in the admin.
    """
    lead = Lead.objects.filter(pk=lead_id).first()
    if lead is None or not lead.email or trec.notice_delivered(lead_id=lead.id):
        return False
    name = settings.BROKERAGE_NAME
    EmailMessage(
        subject=f"{name}: {trec.IABS_LABEL}",
        body=f"Hello {lead.first_name or 'there'},\n\n{trec.iabs_email_paragraph()}\n\n{name}\n"
        f"{settings.BROKERAGE_ADDRESS}\n",
        to=[lead.email],
    ).send()
    compliance_services.trec_notice_record(
        lead_id=lead.id, method=trec.DeliveryMethod.EMAIL_LINK, by=by, reference="iabs_email"
    )
    return True
