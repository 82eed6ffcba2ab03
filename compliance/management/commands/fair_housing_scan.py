"""Scan texts for Fair Housing problems: one JSON verdict per input line on stdout."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from compliance.fair_housing import check_fair_housing

EXIT_VIOLATION = 1
EXIT_BAD_LINES = 2


def _texts(lines: Iterable[str]) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None, error) per non-blank line; JSON lines need a "text" string."""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                obj = None  # plain text that happens to start with "{"
            if isinstance(obj, dict):
                text = obj.get("text")
                if isinstance(text, str):
                    yield number, text, ""
                else:
                    yield number, None, 'JSON object without a "text" string'
                continue
        yield number, line, ""


class Command(BaseCommand):
    help = (
        "Check texts against the Fair Housing guard. FILE has one text per line or JSON lines "
        'with a "text" field (detected per line); "-" reads stdin. Prints one JSON object per '
        'line: {"text", "violation", "categories", "matches"}; a summary goes to stderr. '
        f"Exit status 0; {EXIT_VIOLATION} with --fail-on-violation when a text is a violation; "
        f'{EXIT_BAD_LINES} when a JSON line has no "text" string (reported on stderr, others '
        "still scanned)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help='path, or "-" for stdin')
        parser.add_argument(
            "--fail-on-violation",
            action="store_true",
            help=f"exit {EXIT_VIOLATION} if any text is a violation",
        )

    def handle(self, *args, **options):
        lines = self._open(options["file"])
        scanned = violations = warnings = bad = 0
        for number, text, error in _texts(lines):
            if text is None:
                bad += 1
                self.stderr.write(f"line {number}: {error}")
                continue
            result = check_fair_housing(text)
            scanned += 1
            violations += result.violation
            warnings += bool(result.categories) and not result.violation
            row = {
                "text": text,
                "violation": result.violation,
                "categories": result.categories,
                "matches": result.matches,
            }
            self.stdout.write(json.dumps(row, ensure_ascii=False))
        self.stderr.write(
            f"scanned {scanned} texts: {violations} violations, {warnings} warnings, "
            f"{bad} unreadable lines"
        )
        if bad:
            raise CommandError(f"{bad} unreadable lines", returncode=EXIT_BAD_LINES)
        if violations and options["fail_on_violation"]:
            raise CommandError(f"{violations} violations", returncode=EXIT_VIOLATION)

    def _open(self, name: str) -> list[str]:
        if name == "-":
            return sys.stdin.read().splitlines()
        path = Path(name)
        try:
            return path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise CommandError(f"file not found: {name}")
        except IsADirectoryError:
            raise CommandError(f"not a file: {name}")
        except UnicodeDecodeError:
            raise CommandError(f"not UTF-8 text: {name}")
        except PermissionError:
            raise CommandError(f"permission denied: {name}")
