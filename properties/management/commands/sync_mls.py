"""sync_mls: import listings from the RESO Web API or a RESO JSON/CSV file."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from enterprisehub.commands import parse_since
from enterprisehub.errors import ApplicationError, TransientError
from properties.reso.feeds import feed_records
from properties.services import ImportSummary, mls_import, mls_sync


class Command(BaseCommand):
    help = "Import MLS listings (RESO Web API by default, or --file PATH) and print a summary."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", help="RESO JSON ({'value': [...]}) or CSV file to import")
        parser.add_argument("--since", help="only records modified after this ISO timestamp")
        parser.add_argument(
            "--full", action="store_true", help="everything; mark vanished keys deleted"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and count, write nothing"
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument("--source", default="mls", help="source label for a file feed")

    def handle(self, *args, **opts) -> None:
        since = parse_since(opts["since"])
        show = self.stdout.isatty() and not opts["json"]
        started = time.monotonic()

        def progress(summary: ImportSummary) -> None:
            rate = summary.processed / max(time.monotonic() - started, 1e-6)
            self.stdout.write(
                f"\r{summary.processed:>10,} records  created {summary.created:,}  "
                f"updated {summary.updated:,}  unchanged {summary.unchanged:,}  "
                f"rejected {summary.rejected:,}  ({rate:,.0f}/s)",
                ending="",
            )
            self.stdout.flush()

        try:
            if opts["file"]:
                summary = mls_import(
                    records=feed_records(opts["file"]),
                    source=opts["source"],
                    full=opts["full"],
                    since=since,
                    dry_run=opts["dry_run"],
                    progress=progress if show else None,
                )
            else:
                summary = mls_sync(
                    full=opts["full"],
                    since=since,
                    dry_run=opts["dry_run"],
                    progress=progress if show else None,
                )
        except (ApplicationError, TransientError) as exc:
            if show:
                self.stdout.write("")
            raise CommandError(str(getattr(exc, "message", exc)))
        self._report(summary, as_json=opts["json"], seconds=time.monotonic() - started, tty=show)

    def _report(self, summary: ImportSummary, *, as_json: bool, seconds: float, tty: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary.counts()))
            return
        if tty:
            self.stdout.write("")
        counts = "  ".join(f"{k} {v:,}" for k, v in summary.counts().items())
        prefix = "dry run (nothing written): " if summary.dry_run else f"run {summary.run_id}: "
        self.stdout.write(f"{prefix}{counts}  in {seconds:.1f}s")
        if summary.rejected:
            self.stderr.write(f"{summary.rejected:,} rejected records kept for review (admin)")
