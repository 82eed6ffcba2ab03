"""Re-run a GHL call a broker picked in the sync log (the admin's "retry" action).

leads replays what it owns (lead syncs, contact deletions); apps above it register the kinds
they own (bots: "sms", a text's delivery) because leads may not import them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from leads.ghl import sync
from leads.ghl.models import GhlSyncLog

Replayer = Callable[[dict[str, Any]], bool]  # the row's replay dict -> queued?
_replayers: dict[str, Replayer] = {}


def replayer_register(kind: str, replayer: Replayer) -> None:
    """Install how to re-run calls of this kind."""
    _replayers[kind] = replayer


def _sync_lead(replay: dict[str, Any]) -> bool:
    return bool(replay.get("lead_id")) and sync.sync_schedule(lead_id=replay["lead_id"], delay=0)


def _contact_delete(replay: dict[str, Any]) -> bool:
    from leads.ghl.tasks import ghl_contact_delete_task

    pending = [
        e
        for e in sync.contact_delete_pending()
        if e.data["ghl_delete_requested"] == replay.get("contact_id")
    ]
    for event in pending:
        ghl_contact_delete_task.apply_async(kwargs={"event_id": event.pk})
    return bool(pending)


replayer_register("sync_lead", _sync_lead)
replayer_register("contact_delete", _contact_delete)


def sync_log_retry(*, rows: Iterable[GhlSyncLog]) -> tuple[int, int]:
    """Queue the calls behind these log rows again, each once; (queued, skipped)."""
    queued = skipped = 0
    seen: set[tuple] = set()
    for row in rows:
        replay = row.replay or {}
        replayer = _replayers.get(replay.get("kind", ""))
        key = tuple(sorted((k, str(v)) for k, v in replay.items()))
        if replayer is None or row.status == GhlSyncLog.Status.OK or key in seen:
            skipped += 1
            continue
        seen.add(key)
        if replayer(replay):
            queued += 1
        else:
            skipped += 1
    return queued, skipped
