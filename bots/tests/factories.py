"""factory-boy factories for bots."""

from __future__ import annotations

import factory

from bots.models import Conversation, Message
from leads.tests.factories import LeadFactory


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    lead = factory.SubFactory(LeadFactory)
    channel = "sms"
    bot = "lead"


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    direction = "inbound"
    body = "Hi, is it still available?"
    status = "received"
    external_id = factory.Sequence(lambda n: f"ghl-msg-{n}")
