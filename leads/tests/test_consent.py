"""Lead consent workflows: opt-out, opt-in, grant, re-affirm, email unsubscribe, IABS filter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import services as compliance_services
from compliance.models import ConsentRecord, TrecNoticeDelivery
from leads import consent
from leads.enums import EventKind
from leads.exceptions import LeadRuleError
from leads.models import Lead, LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def test_opt_out_sets_field_records_consent_and_event():
    lead = LeadFactory()
    lead, changed = consent.lead_opt_out(lead=lead, source="sms_keyword", evidence="STOP")
    lead.refresh_from_db()
    record = ConsentRecord.objects.get(lead_id=lead.id)
    event = LeadEvent.objects.get(lead=lead, kind=EventKind.OPTED_OUT)
    assert changed is True
    assert lead.sms_opted_out_at is not None
    assert (record.channel, record.action, record.source, record.evidence) == (
        "sms",
        "revoked",
        "sms_keyword",
        "STOP",
    )
    assert event.data == {"channel": "sms", "source": "sms_keyword"}


def test_second_opt_out_changes_nothing():
    lead = LeadFactory()
    first, _ = consent.lead_opt_out(lead=lead, source="sms_keyword", evidence="STOP")
    again, changed = consent.lead_opt_out(lead=lead, source="sms_keyword", evidence="stop")
    assert changed is False
    assert again.sms_opted_out_at == first.sms_opted_out_at
    assert ConsentRecord.objects.filter(lead_id=lead.id).count() == 1


def test_opt_in_clears_opt_out_and_counts_as_fresh_consent():
    lead = LeadFactory()
    consent.lead_opt_out(lead=lead, source="sms_keyword")
    lead, changed = consent.lead_opt_in(lead=lead, source="sms_keyword", evidence="START")
    lead.refresh_from_db()
    assert changed is True
    assert lead.sms_opted_out_at is None
    assert lead.sms_consent_at is not None
    assert list(ConsentRecord.objects.filter(lead_id=lead.id).values_list("action", flat=True)) == [
        "granted",
        "revoked",
    ]


def test_grant_stores_the_text_shown_and_makes_consent_current():
    lead = LeadFactory()
    assert consent.lead_sms_consent_current(lead=lead) is False
    lead = consent.lead_consent_grant(
        lead=lead, source="web_form:/contact", text_shown="I agree to receive texts..."
    )
    record = ConsentRecord.objects.get(lead_id=lead.id)
    assert record.text_shown == "I agree to receive texts..."
    assert record.action == "granted"
    assert consent.lead_sms_consent_current(lead=lead) is True


def test_consent_lapses_after_18_months_and_reaffirm_renews_it():
    lead = consent.lead_consent_grant(lead=LeadFactory(), source="web_form", text_shown="x")
    now = timezone.now()
    Lead.objects.filter(pk=lead.pk).update(sms_consent_at=now - timedelta(days=30 * 17))
    lead.refresh_from_db()
    assert consent.lead_sms_consent_current(lead=lead, now=now) is True
    Lead.objects.filter(pk=lead.pk).update(sms_consent_at=now - timedelta(days=30 * 19))
    lead.refresh_from_db()
    assert consent.lead_sms_consent_current(lead=lead, now=now) is False
    lead = consent.lead_consent_reaffirm(lead=lead, source="sms_reply", text_shown="Still ok?")
    assert consent.lead_sms_consent_current(lead=lead) is True
    assert ConsentRecord.objects.filter(lead_id=lead.id, action="reaffirmed").count() == 1


def test_reaffirm_refused_after_opt_out():
    lead = consent.lead_consent_grant(lead=LeadFactory(), source="web_form", text_shown="x")
    lead, _ = consent.lead_opt_out(lead=lead, source="sms_keyword")
    with pytest.raises(LeadRuleError) as err:
        consent.lead_consent_reaffirm(lead=lead, source="agent")
    assert err.value.field == "sms_consent_at"
    assert consent.lead_sms_consent_current(lead=lead) is False


def test_email_unsubscribe_is_immediate_and_idempotent():
    lead = LeadFactory()
    assert consent.lead_marketing_email_allowed(lead=lead) is True
    consent.lead_email_unsubscribe(lead_id=lead.id, source="email_one_click_post")
    first = Lead.objects.get(pk=lead.id).email_unsubscribed_at
    consent.lead_email_unsubscribe(lead_id=lead.id, source="email_one_click_post")
    assert first is not None
    assert Lead.objects.get(pk=lead.id).email_unsubscribed_at == first
    assert ConsentRecord.objects.filter(lead_id=lead.id, channel="email").count() == 1
    assert LeadEvent.objects.get(lead=lead, kind=EventKind.OPTED_OUT).data["channel"] == "email"
    assert consent.lead_marketing_email_allowed(lead=Lead.objects.get(pk=lead.id)) is False


def test_leads_admin_lists_who_still_lacks_the_iabs_notice(client, broker):
    has, lacks = LeadFactory(), LeadFactory()
    compliance_services.trec_notice_record(lead_id=has.id, method="email_link")
    client.force_login(broker)

    def listed(value):
        response = client.get(reverse("admin:leads_lead_changelist"), {"iabs": value})
        return set(response.context["cl"].result_list)

    assert listed("missing") == {lacks}
    assert listed("delivered") == {has}
    assert listed("") == {has, lacks}


def test_iabs_email_needs_an_address_and_goes_once(mailoutbox):
    no_email = LeadFactory(email="")
    lead = LeadFactory()
    assert consent.lead_iabs_email(lead_id=no_email.id) is False
    assert consent.lead_iabs_email(lead_id=lead.id) is True
    assert consent.lead_iabs_email(lead_id=lead.id) is False
    assert len(mailoutbox) == 1
    assert TrecNoticeDelivery.objects.filter(lead_id=lead.id).count() == 1
    assert TrecNoticeDelivery.objects.filter(lead_id=no_email.id).count() == 0
