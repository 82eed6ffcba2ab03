"""Input and the loop of the scan commands: one text a line, or JSON lines with a "text" field;
one JSON object a line out, progress and unreadable lines on stderr."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.core.management.base import CommandError


def texts(lines: Iterable[str]) -> Iterator[tuple[int, str | None, str]]:
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


def read_lines(name: str, stdin) -> list[str]:
    """Lines of FILE, or of stdin for "-"; a clear one-line error otherwise."""
    if name == "-":
        return stdin.read().splitlines()
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


PROGRESS_EVERY = 1000


def scan(command, lines: list[str], verdict_of: Callable[[str], dict]) -> tuple[int, int]:
    """Write verdict_of(text) as one JSON line per readable text; (texts scanned, unreadable)."""
    scanned = bad = 0
    for number, text, error in texts(lines):
        if text is None:
            bad += 1
            command.stderr.write(f"line {number}: {error}")
            continue
        command.stdout.write(json.dumps({"text": text, **verdict_of(text)}, ensure_ascii=False))
        scanned += 1
        if scanned % PROGRESS_EVERY == 0:
            command.stderr.write(f"... {scanned} texts")
    return scanned, bad
