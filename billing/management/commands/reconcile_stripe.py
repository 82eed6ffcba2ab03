"""reconcile_stripe: compare our payments with Stripe's records; --fix repairs what is safe.

Exits 0 when everything matches (after fixes), 1 while a mismatch remains or Stripe cannot be
read.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from billing.services import mismatch_lines, stripe_reconcile
from enterprisehub.errors import ApplicationError


def _parse_since(value: str | None) -> datetime:
    if not value:
        return timezone.now() - timedelta(days=settings.STRIPE_RECONCILE_DAYS)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--since {value!r} is not an ISO 8601 date (YYYY-MM-DD) or time")
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Compare payments with Stripe's Checkout Sessions, PaymentIntents and refunds since a "
        "date; print mismatches; --fix repairs the safe ones. Exits 1 while mismatches remain."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--since",
            help="ISO date or timestamp (UTC if no zone); "
            f"default {settings.STRIPE_RECONCILE_DAYS} days ago",
        )
        parser.add_argument(
            "--fix",
            action="store_true",
            help="move payments forward to what Stripe reports and link lost sessions",
        )

    def handle(self, *args, **opts) -> None:
        since = _parse_since(opts["since"])
        started = time.monotonic()
        self.stdout.write(
            f"Reconciling with Stripe since {since.isoformat()}{' (fixing)' if opts['fix'] else ''}"
        )
        try:
            run = stripe_reconcile(since=since, fix=opts["fix"], progress=self.stdout.write)
        except ApplicationError as exc:
            raise CommandError(exc.message)
        for line in mismatch_lines(run):
            self.stdout.write(f"  {line}")
        self.stdout.write(
            f"Checked {run.checked} Stripe payment(s): {len(run.mismatches)} mismatch(es), "
            f"{run.fixed} fixed, {run.remaining} remaining "
            f"({time.monotonic() - started:.1f} s, run {run.pk})"
        )
        if run.remaining:
            hint = "" if opts["fix"] else " (run with --fix to repair the fixable ones)"
            raise CommandError(f"{run.remaining} mismatch(es) remain{hint}")
