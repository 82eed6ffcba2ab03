"""Hand stored webhook events to Celery in small batches, from one thread per web process.

Publishing a Celery message costs a web worker about as much CPU as verifying and storing the
event together; under a burst, one message per GHL_WEBHOOK_DISPATCH_SECONDS (50 ms) carrying
every event stored meanwhile keeps the webhook fast. An event waits at most that long before it
is queued. Nothing is lost if a process dies with events in its buffer or Redis is down: the
rows are stored, and the beat re-queues what was not processed.

With GHL_WEBHOOK_DISPATCH_SECONDS = 0, or Celery eager (no Redis: the demo), each event is queued
at once, in the request.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from django.conf import settings

log = logging.getLogger(__name__)
MAX_BATCH = 500


def _publish(event_ids: list[int]) -> bool:
    from leads.ghl.tasks import ghl_event_process_task, ghl_events_process_task

    try:
        if len(event_ids) == 1:
            ghl_event_process_task.apply_async(
                kwargs={"event_id": event_ids[0]},
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
            )
        else:
            ghl_events_process_task.apply_async(
                kwargs={"event_ids": event_ids},
                retry=True,
                retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
            )
    except Exception as exc:  # any broker failure: the rows are the record, the beat re-queues
        log.warning("ghl: %s stored event(s) not queued (%s)", len(event_ids), type(exc).__name__)
        return False
    return True


class Dispatcher:
    """A buffer of event ids and the thread that publishes it (restarted after a fork)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: list[int] = []
        self._wake = threading.Event()
        self._pid: int | None = None

    def submit(self, event_id: int) -> None:
        """Queue the event for processing (now, or within the dispatch interval)."""
        delay = settings.GHL_WEBHOOK_DISPATCH_SECONDS
        if delay <= 0 or settings.CELERY_TASK_ALWAYS_EAGER:
            _publish([event_id])
            return
        with self._lock:
            if self._pid != os.getpid():
                self._start()
            self._ids.append(event_id)
        self._wake.set()

    def flush(self) -> int:
        """Publish what is buffered now; how many events."""
        with self._lock:
            batch, self._ids = self._ids, []
        for start in range(0, len(batch), MAX_BATCH):
            _publish(batch[start : start + MAX_BATCH])
        return len(batch)

    def _start(self) -> None:
        self._pid = os.getpid()
        self._ids = []  # a forked child starts empty: the parent's buffer is the parent's
        threading.Thread(target=self._run, name="ghl-dispatch", daemon=True).start()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            time.sleep(settings.GHL_WEBHOOK_DISPATCH_SECONDS)  # let the burst gather
            self._wake.clear()
            self.flush()


dispatcher = Dispatcher()
atexit.register(dispatcher.flush)  # a worker shutting down hands over what it holds
