"""Compliance admin: read-only consent log, TREC deliveries recorded by the broker, findings."""

from __future__ import annotations

import uuid

import pytest

from compliance import services
from compliance.models import ConsentRecord, Finding, TrecNoticeDelivery
from enterprisehub.accounts.models import User
from enterprisehub.errors import ApplicationError

pytestmark = pytest.mark.django_db
LEAD = uuid.UUID("0b7c2a8e-3f5d-4a4e-9a0f-1c2d3e4f5a6b")


@pytest.fixture
def admin_client(client):
    user = User.objects.create_superuser(username="root", password="pw-root-123")
    client.force_login(user)
    client.user = user
    return client


def test_consent_log_is_listed_and_read_only(admin_client):
    record = services.consent_record_create(
        lead_id=LEAD, channel="sms", action="revoked", source="sms_keyword", evidence="STOP"
    )
    listing = admin_client.get("/admin/compliance/consentrecord/")
    assert listing.status_code == 200
    assert b"sms_keyword" in listing.content
    assert admin_client.get("/admin/compliance/consentrecord/add/").status_code == 403
    delete = admin_client.post(
        f"/admin/compliance/consentrecord/{record.pk}/delete/", {"post": "yes"}
    )
    assert delete.status_code == 403
    assert ConsentRecord.objects.count() == 1


def test_broker_records_an_in_person_iabs_delivery(admin_client):
    response = admin_client.post(
        "/admin/compliance/trecnoticedelivery/add/",
        {
            "lead_id": str(LEAD),
            "notice": "iabs",
            "method": "in_person",
            "delivered_at_0": "2026-11-20",
            "delivered_at_1": "10:00:00",
            "reference": "showing at 12 Oak Ln",
        },
    )
    delivery = TrecNoticeDelivery.objects.get()
    assert response.status_code == 302
    assert (delivery.lead_id, delivery.method, delivery.by) == (
        LEAD,
        "in_person",
        admin_client.user,
    )


def test_sms_is_not_an_iabs_delivery_method():
    with pytest.raises(ApplicationError) as err:
        services.trec_notice_record(lead_id=LEAD, method="sms")
    assert err.value.code == "TREC_METHOD_NOT_ALLOWED"
    assert TrecNoticeDelivery.objects.count() == 0


def test_findings_are_resolved_by_the_admin_action(admin_client):
    finding = services.finding_fair_housing_record(
        lead_id=LEAD,
        object_type="bots.message",
        object_id="7",
        categories=["familial_status"],
        matches=["no kids"],
    )
    response = admin_client.post(
        "/admin/compliance/finding/",
        {"action": "mark_resolved", "_selected_action": [finding.pk]},
    )
    finding.refresh_from_db()
    assert response.status_code == 302
    assert finding.resolved_by == admin_client.user
    assert finding.resolved_at is not None
    assert (finding.rule, finding.severity) == ("fair_housing", Finding.Severity.CRITICAL)
