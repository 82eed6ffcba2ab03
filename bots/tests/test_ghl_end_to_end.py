"""End to end: a signed GHL webhook in → a real Celery worker process on Redis → the reply text
out to a fake GHL API over HTTP. Nothing in between is called by the test."""

from __future__ import annotations

import pytest

from bots.enums import Direction, MessageStatus
from bots.models import Message
from leads.ghl.models import GhlWebhookEvent
from leads.models import Lead
from leads.tests.celery_worker import celery_worker, wait_for
from leads.tests.ghl_fixtures import event, post_signed

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("ghl_keys")]


def test_a_signed_help_text_gets_its_reply_through_a_real_worker(
    transactional_db, client, ghl_api, task_queue, settings
):
    settings.GHL_WEBHOOK_DISPATCH_SECONDS = 0.05  # the production path: the batching thread
    contact = ghl_api.add_contact(
        firstName="Ana", lastName="Garcia", phone="+15125550142", email="ana@example.com"
    )
    webhook = event(
        "InboundMessage",
        contactId=contact["id"],
        conversationId="conv-e2e",
        messageId="msg-e2e-1",
        body="HELP",
        messageType="SMS",
        direction="inbound",
    )
    worker_settings = {
        "GHL_API_BASE_URL": ghl_api.url,
        "GHL_API_TOKEN": ghl_api.token,
        "GHL_LOCATION_ID": ghl_api.location_id,
        "ENTERPRISEHUB_BROKERAGE_NAME": "Lone Star Homes",
        "ENTERPRISEHUB_CACHE_PREFIX": f"e2e-{task_queue.name}",
    }

    with celery_worker(queue=task_queue.name, name="e2e", extra=worker_settings) as log:
        response = post_signed(client, webhook)
        assert response.status_code == 200
        texts = wait_for(lambda: ghl_api.texts_to(contact["id"]), timeout=90)
        reply = wait_for(
            lambda: Message.objects.filter(
                direction=Direction.OUTBOUND, status=MessageStatus.SENT
            ).first(),
            timeout=30,
        )
        worker_log = log.read_text()

    assert len(texts) == 1, worker_log[-3000:]
    assert texts[0]["body"].startswith("Lone Star Homes")
    assert "Reply STOP to opt out." in texts[0]["body"]
    lead = Lead.objects.get(ghl_contact_id=contact["id"])
    assert (lead.first_name, lead.phone) == ("Ana", "+15125550142")  # fetched from GHL
    inbound = Message.objects.get(direction=Direction.INBOUND)
    assert (inbound.body, inbound.external_id) == ("HELP", "msg-e2e-1")
    assert (reply.body, reply.external_id) == (texts[0]["body"], texts[0]["id"])
    assert GhlWebhookEvent.objects.get().status == "processed"
    assert "bots.tasks.run_turn" in worker_log
