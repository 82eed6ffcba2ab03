"""DSR queue in the admin: overdue highlighted, filters, verification before export/erase."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from compliance import dsr
from compliance.models import AccessLog, DataSubjectRequest

pytestmark = pytest.mark.django_db
LEAD_ID = uuid.UUID("11111111-2222-3333-4444-555555555555")
CHANGELIST = "admin:compliance_datasubjectrequest_changelist"


@pytest.fixture
def handlers():
    saved = dict(dsr._handlers)
    dsr.register_handlers(
        export=lambda **kw: {"lead": {"id": kw["lead_id"], "email": "maria@example.com"}},
        erase=lambda **kw: {"lead_erased": 1},
    )
    yield
    dsr._handlers.clear()
    dsr._handlers.update(saved)


def _action(pk: int, name: str) -> str:
    return reverse("admin:compliance_dsr_action", args=[pk, name])


def test_overdue_request_is_highlighted_red(admin_client):
    now = timezone.now()
    dsr.dsr_create(kind="access", lead_id=LEAD_ID, received_at=now - timedelta(days=50))
    dsr.dsr_create(kind="delete", lead_id=LEAD_ID, received_at=now)

    html = admin_client.get(reverse(CHANGELIST)).content.decode()

    assert html.count("OVERDUE") == 1
    assert "background:#ba2121" in html


def test_overdue_filter_lists_only_overdue(admin_client):
    now = timezone.now()
    late = dsr.dsr_create(kind="access", lead_id=LEAD_ID, received_at=now - timedelta(days=50))
    dsr.dsr_create(kind="access", lead_id=LEAD_ID, received_at=now)

    response = admin_client.get(reverse(CHANGELIST), {"due": "overdue"})

    assert list(response.context["cl"].result_list) == [late]


def test_new_request_in_admin_gets_due_date(admin_client):
    received = timezone.now().replace(microsecond=0)
    response = admin_client.post(
        reverse("admin:compliance_datasubjectrequest_add"),
        {
            "kind": "access",
            "lead_id": str(LEAD_ID),
            "requester_name": "M. Lopez",
            "requester_contact": "maria@example.com",
            "details": "",
            "received_at_0": timezone.localtime(received).strftime("%Y-%m-%d"),
            "received_at_1": timezone.localtime(received).strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 302
    request = DataSubjectRequest.objects.get()
    assert request.due_at - request.received_at == timedelta(days=45)


def test_export_button_refuses_unverified_request(admin_client, handlers):
    request = dsr.dsr_create(kind="access", lead_id=LEAD_ID)

    response = admin_client.post(_action(request.pk, "export"), follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["Verify the requester's identity (who, how) before fulfilling the request."]
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.RECEIVED


def test_verify_then_download_export(admin_client, handlers):
    request = dsr.dsr_create(kind="access", lead_id=LEAD_ID)

    admin_client.post(_action(request.pk, "verify"), {"method": "code to phone on file"})
    response = admin_client.post(_action(request.pk, "export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == f'attachment; filename="dsr-{request.pk}-export.json"'
    body = json.loads(response.content)
    assert body["subject"]["lead"] == {"id": str(LEAD_ID), "email": "maria@example.com"}
    request.refresh_from_db()
    assert request.verification_method == "code to phone on file"
    assert request.status == DataSubjectRequest.Status.COMPLETED
    assert AccessLog.objects.filter(action="export", object_id=str(LEAD_ID)).count() == 1


def test_verify_form_requires_a_method(admin_client):
    request = dsr.dsr_create(kind="access", lead_id=LEAD_ID)
    response = admin_client.post(_action(request.pk, "verify"), {"method": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"method": ["This field is required."]}
    request.refresh_from_db()
    assert request.verified_at is None


def test_unknown_action_is_forbidden(admin_client):
    request = dsr.dsr_create(kind="access", lead_id=LEAD_ID)
    assert admin_client.get(_action(request.pk, "drop")).status_code == 403


def test_agent_cannot_reach_the_queue(client, agent):
    client.force_login(agent)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_access_log_admin_is_read_only(admin_client, admin_user):
    AccessLog.objects.create(user=admin_user, action="view", surface="api", object_id="x")
    assert admin_client.get(reverse("admin:compliance_accesslog_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:compliance_accesslog_add")).status_code == 403


def test_erase_needs_typed_confirmation(admin_client, handlers, admin_user):
    request = dsr.dsr_create(kind="delete", lead_id=LEAD_ID)
    dsr.dsr_verify(dsr=request, verified_by=admin_user, method="ID")

    refused = admin_client.post(_action(request.pk, "erase"), {"confirm": "yes"})
    assert refused.context["form"].errors == {
        "confirm": ["Type ERASE (capitals) to confirm the erasure."]
    }
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.VERIFIED

    done = admin_client.post(_action(request.pk, "erase"), {"confirm": "ERASE"})
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == DataSubjectRequest.Status.COMPLETED
    assert request.result == {"action": "erase", "lead_erased": 1}


def test_a_broker_who_is_not_superuser_works_the_queue(client, broker):
    client.force_login(broker)
    request = dsr.dsr_create(kind="access", lead_id=LEAD_ID)

    listing = client.get(reverse(CHANGELIST))
    client.post(_action(request.pk, "verify"), {"method": "photo ID at the office"})

    assert listing.status_code == 200
    request.refresh_from_db()
    assert (request.verified_by_id, request.verification_method) == (
        broker.pk,
        "photo ID at the office",
    )
