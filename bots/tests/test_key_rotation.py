"""rotate_pii_keys over lead and message columns: after rotation only the new key is needed."""

from __future__ import annotations

import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.test import override_settings

from bots.models import Conversation, Message
from leads.models import Lead
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db
OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_leads_and_messages_readable_with_only_the_new_key():
    with override_settings(FERNET_KEYS=[OLD]):
        lead = LeadFactory(phone="512-555-0142", email="ana@example.com")
        conversation = Conversation.objects.create(lead=lead)
        Message.objects.create(conversation=conversation, direction="inbound", body="3 beds")
        updated_at = Lead.objects.get(pk=lead.pk).updated_at

    with override_settings(FERNET_KEYS=[NEW, OLD]):
        call_command("rotate_pii_keys", "--batch-size", "1", stdout=io.StringIO())

    with override_settings(FERNET_KEYS=[NEW]):
        again = Lead.objects.get(pk=lead.pk)
        assert (again.phone, again.email) == ("+15125550142", "ana@example.com")
        assert Message.objects.get().body == "3 beds"
        assert again.updated_at == updated_at  # rotation is not activity (retention)
