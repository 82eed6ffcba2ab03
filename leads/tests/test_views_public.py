"""One-click email unsubscribe page: GET confirms, POST (button or RFC 8058) unsubscribes."""

from __future__ import annotations

import pytest
from django.test import Client

from compliance import email as compliance_email
from compliance.models import ConsentRecord
from leads.models import Lead
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _url(lead_id):
    return f"/u/{compliance_email.unsubscribe_token(lead_id)}/"


def test_get_shows_confirm_and_changes_nothing(client):
    lead = LeadFactory()
    response = client.get(_url(lead.id))
    assert response.status_code == 200
    assert b'<form method="post"' in response.content
    assert b"Texas Real Estate Commission Information About Brokerage Services" in response.content
    assert Lead.objects.get(pk=lead.id).email_unsubscribed_at is None


def test_post_from_the_page_unsubscribes_without_login():
    lead = LeadFactory()
    response = Client(enforce_csrf_checks=True).post(_url(lead.id))
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    assert Lead.objects.get(pk=lead.id).email_unsubscribed_at is not None
    assert ConsentRecord.objects.get(lead_id=lead.id).source == "email_unsubscribe_page"


def test_rfc8058_one_click_post_unsubscribes():
    lead = LeadFactory()
    response = Client(enforce_csrf_checks=True).post(
        _url(lead.id),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Lead.objects.get(pk=lead.id).email_unsubscribed_at is not None
    assert ConsentRecord.objects.get(lead_id=lead.id).source == "email_one_click_post"


def test_tampered_token_is_refused_and_changes_nothing(client):
    lead, other = LeadFactory(), LeadFactory()
    token = compliance_email.unsubscribe_token(lead.id).replace(str(lead.id), str(other.id))
    response = client.post(f"/u/{token}/")
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert Lead.objects.filter(email_unsubscribed_at__isnull=False).count() == 0


def test_footer_link_resolves_to_this_view(client, settings):
    settings.PUBLIC_BASE_URL = "https://homes.example"
    lead = LeadFactory()
    url = compliance_email.marketing_footer(lead.id).unsubscribe_url
    path = url.removeprefix("https://homes.example")
    assert client.post(path).status_code == 200
    assert Lead.objects.get(pk=lead.id).email_unsubscribed_at is not None


def test_unknown_lead_gets_the_same_answer(client):
    import uuid

    response = client.post(_url(uuid.uuid4()))
    assert response.status_code == 200
    assert ConsentRecord.objects.count() == 0
