"""access_record: one row per read, committed on its own without touching the session."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from compliance.models import AccessLog
from compliance.services import access_record


@pytest.mark.django_db(transaction=True)
def test_a_read_outside_a_transaction_commits_its_row_and_leaves_the_session_as_it_was(broker):
    row = access_record(user=broker, action="view", surface="api", object_id="lead-1")

    stored = AccessLog.objects.get(pk=row.pk)
    assert (stored.user_id, stored.action, stored.surface, stored.object_id, stored.count) == (
        broker.pk,
        "view",
        "api",
        "lead-1",
        1,
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_row_rolls_back_with_it(broker):
    with pytest.raises(RuntimeError), transaction.atomic():
        access_record(user=broker, action="export", surface="admin", count=12)
        raise RuntimeError("export failed")

    assert not AccessLog.objects.exists()


@pytest.mark.django_db
def test_anonymous_readers_are_recorded_without_a_user():
    from django.contrib.auth.models import AnonymousUser

    row = access_record(user=AnonymousUser(), action="list", surface="api", count=3)

    assert (row.user_id, row.count) == (None, 3)
