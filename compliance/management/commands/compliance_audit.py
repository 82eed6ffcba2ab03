"""Scan for compliance problems, store them as findings, print them; exit 1 on critical."""

from __future__ import annotations

import csv
import json
from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from compliance.audit_scan import audit_run

COLUMNS = ["severity", "rule", "object_type", "object_id", "lead_id", "created_at", "detail"]
ORDER = {"critical": 0, "warning": 1, "info": 2}


class Command(BaseCommand):
    help = (
        "Fair Housing hits, texts after opt-out / in quiet hours / without consent, overdue "
        "data-subject requests, plain-text PII. Exits 1 while any critical finding is open."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only messages from this date on (YYYY-MM-DD)")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--rule", action="append", help="run only this check (repeatable)")

    def handle(self, *args, since: str | None, format: str, rule: list | None, **options):
        since_at = self._since(since)
        report = audit_run(since=since_at, rules=rule)
        rows = sorted(
            ({c: self._cell(f, c) for c in COLUMNS} for f in report.findings),
            key=lambda r: (ORDER.get(r["severity"], 9), r["rule"], r["object_id"]),
        )
        getattr(self, f"_print_{format}")(rows)
        for name, why in sorted(report.skipped.items()):
            self.stderr.write(f"skipped {name}: {why}")
        self.stderr.write(
            f"{len(rows)} open findings ({report.open_critical} critical), "
            f"{report.created} new, {report.auto_resolved} resolved since last run"
        )
        if report.open_critical:
            raise SystemExit(1)

    def _since(self, raw: str | None) -> datetime | None:
        if not raw:
            return None
        day = parse_date(raw)
        if day is None:
            raise CommandError(f"--since must be a date like 2026-01-31, not {raw!r}")
        return timezone.make_aware(datetime.combine(day, time.min))

    def _cell(self, finding, column):
        value = getattr(finding, column)
        if column == "detail":
            return json.dumps(value, sort_keys=True)
        return value.isoformat() if isinstance(value, datetime) else str(value or "")

    def _print_json(self, rows):
        for row in rows:
            self.stdout.write(json.dumps({**row, "detail": json.loads(row["detail"])}))

    def _print_csv(self, rows):
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    def _print_table(self, rows):
        shown = ["severity", "rule", "object_type", "object_id", "detail"]
        widths = {c: max([len(c), *(len(r[c]) for r in rows)]) for c in shown[:-1]}
        self.stdout.write("  ".join(c.upper().ljust(widths.get(c, 0)) for c in shown))
        for row in rows:
            self.stdout.write("  ".join(row[c].ljust(widths.get(c, 0)) for c in shown))
