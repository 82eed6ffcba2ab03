"""ghl_sync: pull the contacts changed in GHL since the last run (or --since) into leads."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from enterprisehub.commands import parse_since
from enterprisehub.errors import ApplicationError, TransientError
from leads.ghl.pull import Progress, contacts_pull, pull_since_default


def _counts(p: Progress) -> str:
    return (
        f"fetched {p.fetched:,}  created {p.created:,}  updated {p.updated:,}  "
        f"unchanged {p.unchanged:,}  failed {p.failed:,}"
    )


class Command(BaseCommand):
    help = "Pull contacts changed in GoHighLevel since the last run (or --since) into leads."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--since", help="ISO 8601 date or timestamp (default: the last run)")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="fetch and count what would change, write nothing",
        )

    def handle(self, *args, **opts) -> None:
        since = parse_since(opts["since"]) or pull_since_default()
        started = time.monotonic()
        self.stdout.write(f"contacts changed since {since.isoformat()}")

        def progress(counts: Progress) -> None:
            rate = counts.fetched / max(time.monotonic() - started, 1e-6)
            self.stdout.write(f"  {_counts(counts)}  ({rate:,.0f}/s)")
            self.stdout.flush()

        try:
            run = contacts_pull(since=since, dry_run=opts["dry_run"], progress=progress)
        except (ApplicationError, TransientError) as exc:
            raise CommandError(str(getattr(exc, "message", exc)).splitlines()[0])
        summary = Progress(run.fetched, run.created, run.updated, run.unchanged, run.failed)
        prefix = "dry run (nothing written): " if opts["dry_run"] else f"run {run.pk}: "
        self.stdout.write(f"{prefix}{_counts(summary)}  in {time.monotonic() - started:.1f}s")
        if run.failed:
            self.stderr.write(f"{run.failed:,} contacts could not be applied (see the log)")
