"""Conversations in the back office: transcript on the lead page, read-only, scoped, recorded."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from bots.enums import Direction, MessageStatus
from bots.models import BotDecision, Conversation, Message
from compliance.models import AccessLog
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _conversation(lead, *bodies: str) -> Conversation:
    conversation = Conversation.objects.create(lead=lead)
    for i, body in enumerate(bodies):
        Message.objects.create(
            conversation=conversation,
            direction=Direction.INBOUND if i % 2 == 0 else Direction.OUTBOUND,
            status=MessageStatus.SENT,
            body=body,
            cost=Decimal("0.001200"),
        )
    return conversation


def test_lead_page_shows_the_transcript_decrypted_in_order(client, broker):
    lead = LeadFactory()
    _conversation(lead, "Hi, is 123 Elm still for sale?", "Yes! Want a tour <Saturday>?")
    client.force_login(broker)

    content = client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()

    transcript = content.split("Conversations (transcript)", 1)[1]
    first = transcript.index("Hi, is 123 Elm still for sale?")
    assert first < transcript.index("Yes! Want a tour &lt;Saturday&gt;?")


def test_staff_agent_sees_transcript_of_own_lead_only(client, agent, other_agent):
    agent.is_staff = True
    agent.save(update_fields=["is_staff"])
    mine = LeadFactory(assigned_agent=agent)
    _conversation(mine, "My lead speaking")
    client.force_login(agent)

    page = client.get(reverse("admin:leads_lead_change", args=[mine.pk]))

    assert "My lead speaking" in page.content.decode()
    # No link into the conversation admin, which agents may not open.
    assert reverse("admin:bots_conversation_changelist") not in page.content.decode()
    # Agents hold no bots permissions: the conversation admin itself is closed to them.
    assert client.get(reverse("admin:bots_conversation_changelist")).status_code == 403


def test_conversation_admin_is_read_only_and_records_views(client, broker):
    conversation = _conversation(LeadFactory(), "Hello there")
    message = conversation.messages.get()
    BotDecision.objects.create(message=message, kind="intent", output={"intent": "buyer"})
    client.force_login(broker)

    page = client.get(reverse("admin:bots_conversation_change", args=[conversation.pk]))
    message_page = client.get(reverse("admin:bots_message_change", args=[message.pk]))
    post = client.post(reverse("admin:bots_message_change", args=[message.pk]), {"body": "x"})

    assert page.status_code == 200 and "Hello there" in page.content.decode()
    assert "&quot;intent&quot;: &quot;buyer&quot;" in message_page.content.decode()
    assert post.status_code == 403
    message.refresh_from_db()
    assert message.body == "Hello there"
    assert list(AccessLog.objects.order_by("pk").values_list("object_type", "object_id")) == [
        ("bots.conversation", str(conversation.pk)),
        ("bots.message", str(message.pk)),
    ]


def test_message_list_does_not_repeat_queries_per_row(
    client, broker, django_assert_max_num_queries
):
    for _ in range(20):
        _conversation(LeadFactory(), "a", "b")
    client.force_login(broker)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:bots_message_changelist"))

    assert response.context["cl"].result_count == 40


@pytest.mark.parametrize("conversations", [1, 6])
def test_lead_page_queries_do_not_grow_with_conversations(
    client, broker, conversations, django_assert_max_num_queries
):
    lead = LeadFactory()
    for _ in range(conversations):
        _conversation(lead, "one", "two", "three")
    client.force_login(broker)

    with django_assert_max_num_queries(15):  # 13 measured, for 1 or 6 conversations
        response = client.get(reverse("admin:leads_lead_change", args=[lead.pk]))

    assert response.content.decode().count("<td>Inbound</td>") == 2 * conversations
