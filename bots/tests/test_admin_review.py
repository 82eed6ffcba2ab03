"""The review queue in the admin: the count on the index, the held text with its conversation,
and decisions posted through the form (an edit is checked again)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from bots import services
from bots.enums import MessageStatus
from bots.tests.factories import ConversationFactory
from compliance import quiet_hours
from compliance.models import AccessLog, ReviewItem
from leads import consent as lead_consent

pytestmark = pytest.mark.django_db
HELD = "Congrats on your pregnancy! Want to see the 4-bedroom?"


@pytest.fixture(autouse=True)
def no_llm(settings):
    settings.ANTHROPIC_API_KEY = ""


@pytest.fixture
def held(broker):
    conv = ConversationFactory()
    lead_consent.lead_consent_grant(lead=conv.lead, source="web_form", text_shown="I agree.")
    services.message_receive_inbound(
        conversation=conv, body="We're expecting in May!", external_id="ghl-ctx-1"
    )
    now = quiet_hours.next_send_time(conv.lead.phone, timezone.now())
    message = services.message_prepare_outbound(conversation=conv, body=HELD, now=now)
    return message, ReviewItem.objects.get()


@pytest.fixture
def broker_client(client, broker):
    client.force_login(broker)
    return client


def test_the_admin_index_shows_how_many_texts_wait(broker_client, held):
    page = broker_client.get("/admin/")
    assert page.status_code == 200
    assert b"1 text waiting for review" in page.content


def test_the_item_page_shows_the_text_the_conversation_and_who_held_it(broker_client, held):
    message, item = held
    page = broker_client.get(f"/admin/compliance/reviewitem/{item.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "We&#x27;re expecting in May!" in body  # the lead's text before it
    assert "Congrats on your pregnancy!" in body
    assert "familial_status" in body and "rules" in body
    assert AccessLog.objects.filter(object_id=str(item.pk)).exists()


def test_approving_from_the_form_queues_the_text(broker_client, held, broker):
    message, item = held
    response = broker_client.post(
        f"/admin/compliance/reviewitem/{item.pk}/change/",
        {"decision": "approve", "edited_text": "", "decision_note": "fine"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    item.refresh_from_db()
    # queued, or scheduled for the lead's next send window when the test runs at night
    assert message.status in (MessageStatus.QUEUED, MessageStatus.SCHEDULED)
    assert (item.status, item.decided_by) == ("approved", broker)


def test_an_edit_still_flagged_is_refused_with_the_reason(broker_client, held):
    message, item = held
    response = broker_client.post(
        f"/admin/compliance/reviewitem/{item.pk}/change/",
        {"decision": "edit", "edited_text": "No kids allowed, sorry.", "decision_note": ""},
    )
    assert response.status_code == 200
    assert "still blocked by the Fair Housing check" in response.content.decode()
    message.refresh_from_db()
    assert message.status == MessageStatus.HELD


def test_agents_have_no_back_office_queue(client, agent, held):
    client.force_login(agent)
    response = client.get("/admin/compliance/reviewitem/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
