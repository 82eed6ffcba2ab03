"""CSV export of leads, streamed row by row (contact details only for brokers)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from leads.models import Lead

# Cells starting with these are run as formulas by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["id", "first_name", "last_name", "phone", "email", "source", "intent", "stage"] + [
    "score",
    "temperature",
    "assigned_agent",
    "last_contacted_at",
    "created_at",
]


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _row(lead: Lead) -> list[Any]:
    return [
        lead.pk,
        _safe(lead.first_name),
        _safe(lead.last_name),
        lead.phone,  # E.164 and normalised email: validated, never a formula
        lead.email,
        lead.source,
        lead.intent,
        lead.stage,
        lead.score,
        lead.temperature,
        _safe(lead.assigned_agent or ""),
        lead.last_contacted_at.isoformat() if lead.last_contacted_at else "",
        lead.created_at.isoformat(),
    ]


def lead_csv_rows(queryset: QuerySet[Lead], *, with_contact: bool) -> Iterator[str]:
    """CSV lines: a header, then one line per lead; phone and email columns only if allowed."""
    keep = [i for i, name in enumerate(HEADER) if with_contact or name not in ("phone", "email")]
    writer = csv.writer(_Echo())
    yield writer.writerow([HEADER[i] for i in keep])
    for lead in queryset.select_related("assigned_agent").iterator(chunk_size=500):
        row = _row(lead)
        yield writer.writerow([row[i] for i in keep])


def lead_csv_response(queryset: QuerySet[Lead], *, with_contact: bool) -> StreamingHttpResponse:
    """A streamed attachment, so a large export never sits in memory."""
    rows = lead_csv_rows(queryset.order_by("-created_at"), with_contact=with_contact)
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="leads-{stamp}.csv"'
    return response
