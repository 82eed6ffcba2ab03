"""Listing business-rule errors (each with a stable code for the API)."""

from enterprisehub.errors import ApplicationError, NotFoundError, TransientError

__all__ = [
    "CmaLinkInvalidError",
    "FeedInputError",
    "ImportInProgressError",
    "InsufficientComparablesError",
    "ListingNotFoundError",
    "MlsApiError",
    "MlsApiTransientError",
]


class FeedInputError(ApplicationError):
    """A feed file or option that cannot be read at all (not a bad record: those are kept)."""

    code = "FEED_INVALID"


class ImportInProgressError(ApplicationError):
    code = "IMPORT_IN_PROGRESS"
    status_code = 409


class MlsApiError(ApplicationError):
    """The RESO Web API refused a request for a reason retrying will not fix."""

    code = "MLS_API_ERROR"
    status_code = 502


class MlsApiTransientError(TransientError):
    """The RESO Web API kept failing with 429/5xx/timeouts after every retry."""


class InsufficientComparablesError(ApplicationError):
    code = "INSUFFICIENT_COMPARABLES"
    status_code = 422


class ListingNotFoundError(NotFoundError):
    code = "LISTING_NOT_FOUND"


class CmaLinkInvalidError(NotFoundError):
    """A CMA report link whose signature does not match or whose time is up."""

    code = "CMA_LINK_INVALID"
