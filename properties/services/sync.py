"""Pull from the configured RESO Web API, and replay rejected records after a fix."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from properties.exceptions import FeedInputError
from properties.models import RejectedListing
from properties.reso.client import ResoClient
from properties.reso.validation import record_validate
from properties.services.importer import ImportSummary, mls_high_water_mark, mls_import
from properties.services.listing_writer import listing_writer

API_SOURCE = "mls"


def mls_sync(
    *,
    full: bool = False,
    since: datetime | None = None,
    dry_run: bool = False,
    client: ResoClient | None = None,
    progress=None,
) -> ImportSummary:
    """Import what changed on the RESO Web API since the last run (everything when `full`)."""
    if client is None:
        if not settings.MLS_API_URL:
            raise FeedInputError("MLS_API_URL is not set: give --file or configure the API")
        client = ResoClient(base_url=settings.MLS_API_URL, token=settings.MLS_API_TOKEN)
    if since is None and not full:
        since = mls_high_water_mark(source=API_SOURCE)
    with client:
        return mls_import(
            records=client.properties(since=None if full else since),
            source=API_SOURCE,
            full=full,
            dry_run=dry_run,
            progress=progress,
        )


def rejected_listing_retry(*, rejected: RejectedListing) -> bool:
    """Validate a kept record again (after the raw payload was fixed); import it if it passes."""
    row, problems = record_validate(rejected.raw)
    with transaction.atomic():
        if row is None:
            rejected.errors = [p.as_dict() for p in problems]
            rejected.save(update_fields=["errors"])
            return False
        writer = listing_writer(source=rejected.run.source, now=timezone.now(), track_seen=False)
        try:
            writer.write([row])
        finally:
            writer.close()
        rejected.errors = []
        rejected.resolved_at = timezone.now()
        rejected.listing_key = row[0]
        rejected.save(update_fields=["errors", "resolved_at", "listing_key"])
    return True
