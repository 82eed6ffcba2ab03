"""Live events reach Channels groups through the configured layer (Redis in CI), after commit."""

from __future__ import annotations

import uuid

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from enterprisehub import realtime


def _subscribe(group: str) -> str:
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(group, channel)
    return channel


def _receive(channel: str) -> dict:
    return async_to_sync(get_channel_layer().receive)(channel)


def test_publish_delivers_the_event_to_the_group():
    group = f"test.{uuid.uuid4().hex}"
    channel = _subscribe(group)

    realtime.publish(group, "lead.scored", {"id": "abc", "score": 8})

    assert _receive(channel) == {
        "type": "live.event",
        "event": "lead.scored",
        "payload": {"id": "abc", "score": 8},
    }


@pytest.mark.django_db(transaction=True)
def test_publish_on_commit_waits_for_the_commit_and_skips_rollbacks():
    group = f"test.{uuid.uuid4().hex}"
    channel = _subscribe(group)

    with pytest.raises(RuntimeError), transaction.atomic():
        realtime.publish_on_commit(group, "lead.created", {"id": "rolled-back"})
        raise RuntimeError("roll back")
    with transaction.atomic():
        realtime.publish_on_commit(group, "lead.created", {"id": "kept"})

    assert _receive(channel)["payload"] == {"id": "kept"}
