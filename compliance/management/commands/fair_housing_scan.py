"""Scan texts for Fair Housing problems: one JSON verdict per input line on stdout."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from compliance.fair_housing import check_fair_housing
from compliance.management.scan_input import read_lines, scan
from compliance.review import fair_housing_review
from compliance.verdicts import FairHousingVerdict

EXIT_VIOLATION = 1
EXIT_BAD_LINES = 2


class Command(BaseCommand):
    help = (
        "Check texts against the Fair Housing guard (the rules, then the LLM reviewer on what "
        "they hold when ANTHROPIC_API_KEY is set). FILE has one text per line or JSON lines "
        'with a "text" field (detected per line); "-" reads stdin. Prints one JSON object per '
        'line: {"text", "verdict": "allow|review|block", "violation", "categories", "matches"}; '
        f"counts go to stderr. Exit status 0; {EXIT_VIOLATION} with --fail-on-violation when a "
        f"text is blocked (or held, with --fail-on-review); {EXIT_BAD_LINES} when a JSON line "
        'has no "text" string (reported on stderr, others still scanned).'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help='path, or "-" for stdin')
        parser.add_argument(
            "--fail-on-violation",
            action="store_true",
            help=f"exit {EXIT_VIOLATION} if any text is blocked",
        )
        parser.add_argument(
            "--fail-on-review",
            action="store_true",
            help=f"exit {EXIT_VIOLATION} if any text is blocked or held for review",
        )
        parser.add_argument("--rules-only", action="store_true", help="never call the LLM reviewer")

    def handle(self, *args, **options):
        check = check_fair_housing if options["rules_only"] else fair_housing_review
        counts = dict.fromkeys(FairHousingVerdict.values, 0)
        warnings = 0

        def verdict_of(text: str) -> dict:
            nonlocal warnings
            result = check(text)
            counts[result.verdict] += 1
            warnings += result.verdict == FairHousingVerdict.ALLOW and bool(result.categories)
            return {
                "verdict": str(result.verdict),
                "violation": result.violation,
                "categories": result.categories,
                "matches": result.matches,
            }

        scanned, bad = scan(self, read_lines(options["file"], sys.stdin), verdict_of)
        self.stderr.write(
            f"scanned {scanned} texts: {counts['block']} blocked, "
            f"{counts['review']} held for review, {counts['allow']} allowed "
            f"({warnings} with warnings), {bad} unreadable lines"
        )
        if bad:
            raise CommandError(f"{bad} unreadable lines", returncode=EXIT_BAD_LINES)
        failing = counts["block"] + (counts["review"] if options["fail_on_review"] else 0)
        if failing and (options["fail_on_violation"] or options["fail_on_review"]):
            raise CommandError(f"{failing} texts blocked or held", returncode=EXIT_VIOLATION)
