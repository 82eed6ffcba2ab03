"""rotate_pii_keys: everything re-encrypted under the newest key; resumable; old key removable."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from compliance import keys
from compliance.models import ConsentRecord, DataSubjectRequest

pytestmark = pytest.mark.django_db
KEY_A, KEY_B, KEY_C = (Fernet.generate_key().decode() for _ in range(3))


def _raw_evidence(pk: int) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT evidence FROM compliance_consentrecord WHERE id = %s", [pk])
        return bytes(cursor.fetchone()[0])


def _records(n: int) -> list[int]:
    return [
        ConsentRecord.objects.create(
            lead_id="11111111-2222-3333-4444-555555555555",
            channel="sms",
            action="revoked",
            source="sms keyword",
            evidence=f"STOP {i}",
        ).pk
        for i in range(n)
    ]


def test_key_settings_change_clears_the_fields_cached_keys():
    field = ConsentRecord._meta.get_field("evidence")
    with override_settings(FERNET_KEYS=[KEY_A]):
        first = field.fernet
    with override_settings(FERNET_KEYS=[KEY_B]):
        assert field.fernet is not first
        assert field.keys == [KEY_B]


def test_rotate_then_drop_the_old_key():
    with override_settings(FERNET_KEYS=[KEY_A]):
        pks = _records(3)
        request = DataSubjectRequest.objects.create(
            kind="access",
            requester_contact="maria@example.com",
            details="all my data",
            received_at=datetime(2026, 1, 1, tzinfo=UTC),
            due_at=datetime(2026, 2, 15, tzinfo=UTC),
        )
        before = {pk: _raw_evidence(pk) for pk in pks}

    out = io.StringIO()
    with override_settings(FERNET_KEYS=[KEY_B, KEY_A]):
        call_command("rotate_pii_keys", "--batch-size", "2", stdout=out)

    assert "compliance.ConsentRecord.evidence: 2/3 (66%) rotated=2 current=0 failed=0" in (
        out.getvalue()
    )
    assert "compliance.ConsentRecord.evidence: 3/3 (100%) rotated=3" in out.getvalue()
    with override_settings(FERNET_KEYS=[KEY_B]):
        assert [ConsentRecord.objects.get(pk=pk).evidence for pk in pks] == [
            "STOP 0",
            "STOP 1",
            "STOP 2",
        ]
        again = DataSubjectRequest.objects.get(pk=request.pk)
        assert (again.requester_contact, again.details) == ("maria@example.com", "all my data")
        assert all(_raw_evidence(pk) != before[pk] for pk in pks)


def test_rerun_changes_nothing():
    with override_settings(FERNET_KEYS=[KEY_A]):
        pks = _records(2)
    with override_settings(FERNET_KEYS=[KEY_B, KEY_A]):
        keys.keys_rotate(batch_size=10)
        after_first = {pk: _raw_evidence(pk) for pk in pks}
        results = keys.keys_rotate(batch_size=10, restart=True)

    evidence = next(p for p in results if p.label == "compliance.ConsentRecord.evidence")
    assert (evidence.rotated, evidence.current) == (0, 2)
    assert {pk: _raw_evidence(pk) for pk in pks} == after_first


def test_interrupted_rotation_resumes_after_the_last_batch():
    with override_settings(FERNET_KEYS=[KEY_A]):
        pks = _records(3)
    field = ConsentRecord._meta.get_field("evidence")
    with override_settings(FERNET_KEYS=[KEY_B, KEY_A]):
        run = keys.column_rotate(ConsentRecord, field, batch_size=1)
        first = next(run)
        assert (first.done, first.rotated) == (1, 1)
        run.close()  # the process dies here

        results = keys.keys_rotate(batch_size=1)

    evidence = next(p for p in results if p.label == "compliance.ConsentRecord.evidence")
    assert evidence.resumed is True
    assert (evidence.done, evidence.rotated, evidence.current) == (3, 2, 0)
    with override_settings(FERNET_KEYS=[KEY_B]):
        assert sorted(ConsentRecord.objects.values_list("evidence", flat=True)) == [
            "STOP 0",
            "STOP 1",
            "STOP 2",
        ]
    assert len(pks) == 3


def test_value_under_an_unknown_key_is_reported_and_kept():
    with override_settings(FERNET_KEYS=[KEY_C]):
        (stray,) = _records(1)
        raw = _raw_evidence(stray)
    with override_settings(FERNET_KEYS=[KEY_B, KEY_A]), pytest.raises(CommandError) as exc:
        call_command("rotate_pii_keys", stdout=io.StringIO())
    assert str(exc.value) == (
        "1 values decrypt under no configured key; keep the old keys until fixed"
    )
    assert _raw_evidence(stray) == raw


def test_batch_size_must_be_positive():
    with pytest.raises(CommandError):
        call_command("rotate_pii_keys", "--batch-size", "0")
