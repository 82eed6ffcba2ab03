"""PII at rest: ciphertext in the column, blind-index lookup, dedupe, no plaintext in audit."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.db import connection

from enterprisehub import pii
from leads import selectors, services
from leads.exceptions import DuplicateLeadError, PhoneFormatError
from leads.models import Lead

pytestmark = pytest.mark.django_db


RAW_QUERIES = {
    "phone": "SELECT phone FROM leads_lead WHERE id = %s",
    "email": "SELECT email FROM leads_lead WHERE id = %s",
}


def _raw_column(lead: Lead, column: str) -> bytes:
    """The bytes the database holds, read past the ORM's decryption."""
    with connection.cursor() as cursor:
        cursor.execute(
            RAW_QUERIES[column], [lead.pk.hex if connection.vendor == "sqlite" else lead.pk]
        )
        return bytes(cursor.fetchone()[0])


def test_phone_and_email_are_ciphertext_in_the_database():
    lead = services.lead_create(
        phone="(512) 555-0100", email="Maria@Example.com", first_name="Maria"
    )

    raw_phone = _raw_column(lead, "phone")
    raw_email = _raw_column(lead, "email")

    assert b"5125550100" not in raw_phone and b"555" not in raw_phone
    assert b"maria" not in raw_email.lower()
    assert raw_phone.startswith(b"gAAAA")  # Fernet token
    reloaded = Lead.objects.get(pk=lead.pk)
    assert reloaded.phone == "+15125550100"
    assert reloaded.email == "maria@example.com"


@pytest.mark.parametrize(
    "typed", ["(512) 555-0100", "512.555.0100", "+15125550100", "512-555-0100"]
)
def test_lookup_by_phone_in_any_common_format(typed):
    lead = services.lead_create(phone="+1 512 555 0100", first_name="Ana")
    services.lead_create(phone="512-555-0199", first_name="Other")

    assert selectors.lead_get_by_phone(phone=typed) == lead


def test_same_phone_in_two_formats_is_a_duplicate():
    services.lead_create(phone="(512) 555-0100")

    with pytest.raises(DuplicateLeadError) as err:
        services.lead_create(phone="512.555.0100")

    assert err.value.field == "phone"
    assert Lead.objects.count() == 1


def test_upsert_by_contact_merges_into_the_existing_lead():
    first = services.lead_create(phone="+15125550100", first_name="Ana")

    lead, created = services.lead_upsert_by_contact(phone="512.555.0100", last_name="Lopez")

    assert (lead.pk, created) == (first.pk, False)
    assert Lead.objects.get(pk=first.pk).last_name == "Lopez"


def test_unparseable_phone_is_a_phone_format_error():
    with pytest.raises(PhoneFormatError) as err:
        services.lead_create(phone="call me maybe")
    assert (err.value.code, err.value.field) == ("PHONE_FORMAT_ERROR", "phone")


def test_blind_index_depends_on_the_hash_key(settings):
    before = pii.phone_hash("5125550100")
    settings.PII_HASH_KEY = "another-key"
    assert pii.phone_hash("5125550100") != before


def test_audit_log_records_the_change_but_never_plaintext_contact():
    lead = services.lead_create(phone="(512) 555-0100", email="maria@example.com")
    services.lead_update(lead=lead, data={"phone": "512 555 0142", "email": "new@example.com"})

    entries = LogEntry.objects.get_for_object(lead)
    assert entries.count() == 2
    dumped = json.dumps([e.changes for e in entries]) + "".join(e.object_repr for e in entries)
    for secret in (
        "5125550100",
        "5125550142",
        "0100",
        "0142",
        "maria@",
        "new@example",
        "example.com",
    ):
        assert secret not in dumped
    update = entries.get(action=LogEntry.Action.UPDATE)
    assert update.changes_dict["phone"] == [pii.AUDIT_MASK, pii.AUDIT_MASK]
    assert update.changes_dict["email"] == [pii.AUDIT_MASK, pii.AUDIT_MASK]


def test_audit_log_of_a_new_lead_lists_only_its_own_columns():
    lead = services.lead_create(phone="(512) 555-0100", first_name="Maria")

    created = LogEntry.objects.get_for_object(lead).get(action=LogEntry.Action.CREATE)

    assert {"conversations", "events", "payments", "updated_at"}.isdisjoint(created.changes_dict)
    assert created.changes_dict["first_name"] == ["None", "Maria"]
