"""Listing writes and workflows: MLS import and sync, rejected-record retry, CMA."""

from properties.services.importer import (
    ImportSummary,
    mls_high_water_mark,
    mls_import,
    mls_import_lock,
)
from properties.services.sync import mls_sync, rejected_listing_retry

__all__ = [
    "ImportSummary",
    "mls_high_water_mark",
    "mls_import",
    "mls_import_lock",
    "mls_sync",
    "rejected_listing_retry",
]
