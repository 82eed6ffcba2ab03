"""Listing writes and workflows: MLS import and sync, rejected-record retry, CMA."""

from properties.selectors import mls_high_water_mark
from properties.services.cma import (
    CmaResult,
    CmaSubject,
    cma_as_dict,
    comparative_market_analysis,
)
from properties.services.cma_share import DAYS as CMA_SHARE_DAYS
from properties.services.cma_share import CmaShare, cma_share_open, cma_share_token
from properties.services.importer import (
    ImportSummary,
    mls_import,
    mls_import_lock,
)
from properties.services.listings import (
    listing_refresh_features,
    listings_add,
    listings_features_fill,
)
from properties.services.sync import mls_sync, rejected_listing_retry

__all__ = [
    "CmaResult",
    "CmaSubject",
    "cma_as_dict",
    "CMA_SHARE_DAYS",
    "CmaShare",
    "cma_share_open",
    "cma_share_token",
    "comparative_market_analysis",
    "ImportSummary",
    "listing_refresh_features",
    "listings_add",
    "listings_features_fill",
    "mls_high_water_mark",
    "mls_import",
    "mls_import_lock",
    "mls_sync",
    "rejected_listing_retry",
]
