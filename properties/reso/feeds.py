"""Stream RESO records out of a file: the Web API's JSON shape ({"value": [...]}) or CSV.

Both readers yield one record at a time, so memory stays flat whatever the file size.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ijson

from properties.exceptions import FeedInputError

CSV_SUFFIXES = {".csv", ".txt"}


def _first_byte(handle) -> bytes:
    while True:
        chunk = handle.read(1)
        if not chunk or not chunk.isspace():
            return chunk


def _iter_json(path: Path) -> Iterator[dict[str, Any]]:
    with path.open("rb") as handle:
        first = _first_byte(handle)
        handle.seek(0)
        if first not in (b"{", b"["):
            raise FeedInputError(f"{path.name} is not a RESO JSON feed", field="file")
        prefix = "value.item" if first == b"{" else "item"
        try:
            yield from ijson.items(handle, prefix, use_float=True)
        except ijson.JSONError as exc:
            detail = " ".join(str(exc).split())[:120]  # yajl draws a caret over several lines
            raise FeedInputError(f"{path.name} stops being valid JSON: {detail}", field="file")


def _iter_csv(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "ListingKey" not in reader.fieldnames:
            raise FeedInputError(f"{path.name} has no ListingKey column", field="file")
        for record in reader:
            record.pop(None, None)  # cells beyond the header row
            yield record


def feed_records(path: str | Path) -> Iterator[dict[str, Any]]:
    """Yield the records of a RESO JSON or CSV file one by one."""
    path = Path(path)
    if not path.is_file():
        raise FeedInputError(f"feed file {path} does not exist", field="file")
    if path.suffix.lower() in CSV_SUFFIXES:
        return _iter_csv(path)
    return _iter_json(path)
