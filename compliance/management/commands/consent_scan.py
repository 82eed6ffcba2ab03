"""Classify inbound texts for consent: one JSON verdict per input line on stdout."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from compliance.management.scan_input import read_lines, scan
from compliance.optout import classify
from compliance.review import consent_review
from compliance.verdicts import ConsentVerdict

EXIT_BAD_LINES = 2


class Command(BaseCommand):
    help = (
        "Classify texts as a lead's reply would be read (the rules, then the LLM reviewer on "
        "UNCLEAR when ANTHROPIC_API_KEY is set). FILE has one message per line or JSON lines "
        'with a "text" field; "-" reads stdin. Prints one JSON object per line: {"text", '
        '"verdict": "opt_out|unclear|none|help|start", "channel": "sms|email|all|null", '
        f'"rule"}}; counts go to stderr. Exit status 0; {EXIT_BAD_LINES} when a JSON line has no '
        '"text" string (reported on stderr, others still classified).'
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help='path, or "-" for stdin')
        parser.add_argument(
            "--opted-out",
            action="store_true",
            help='read the texts as from a lead who is opted out ("YES" then means START)',
        )
        parser.add_argument("--rules-only", action="store_true", help="never call the LLM reviewer")

    def handle(self, *args, **options):
        check = classify if options["rules_only"] else consent_review
        counts = dict.fromkeys(ConsentVerdict.values, 0)

        def verdict_of(text: str) -> dict:
            result = check(text, opted_out=options["opted_out"])
            counts[result.verdict] += 1
            channel = str(result.channel) if result.channel else None
            return {"verdict": str(result.verdict), "channel": channel, "rule": result.rule}

        scanned, bad = scan(self, read_lines(options["file"], sys.stdin), verdict_of)
        self.stderr.write(
            f"classified {scanned} texts: {counts['opt_out']} opt-out, "
            f"{counts['unclear']} unclear, {counts['none']} none, {counts['help']} help, "
            f"{counts['start']} start, {bad} unreadable lines"
        )
        if bad:
            raise CommandError(f"{bad} unreadable lines", returncode=EXIT_BAD_LINES)
