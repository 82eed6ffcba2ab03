"""RESO Data Dictionary enumerations used by listings."""

from django.db import models


class StandardStatus(models.TextChoices):
    ACTIVE = "Active", "Active"
    ACTIVE_UNDER_CONTRACT = "Active Under Contract", "Active under contract"
    COMING_SOON = "Coming Soon", "Coming soon"
    PENDING = "Pending", "Pending"
    CLOSED = "Closed", "Closed"
    HOLD = "Hold", "Hold"
    WITHDRAWN = "Withdrawn", "Withdrawn"
    EXPIRED = "Expired", "Expired"
    CANCELED = "Canceled", "Canceled"
    DELETE = "Delete", "Deleted upstream"
    INCOMPLETE = "Incomplete", "Incomplete"


OFF_MARKET = {
    StandardStatus.WITHDRAWN,
    StandardStatus.EXPIRED,
    StandardStatus.CANCELED,
    StandardStatus.DELETE,
}


class PropertyType(models.TextChoices):
    RESIDENTIAL = "Residential", "Residential"
    RESIDENTIAL_INCOME = "Residential Income", "Residential income"
    RESIDENTIAL_LEASE = "Residential Lease", "Residential lease"
    LAND = "Land", "Land"
    FARM = "Farm", "Farm"
    COMMERCIAL_SALE = "Commercial Sale", "Commercial sale"
    COMMERCIAL_LEASE = "Commercial Lease", "Commercial lease"
    BUSINESS_OPPORTUNITY = "Business Opportunity", "Business opportunity"
    MANUFACTURED_IN_PARK = "Manufactured In Park", "Manufactured in park"


def _squash(value: str) -> str:
    return value.replace(" ", "").replace("_", "").lower()


# RESO sends enum values without spaces ("ActiveUnderContract"); we store the labelled form.
STATUS_BY_RESO: dict[str, str] = {_squash(s.value): s.value for s in StandardStatus}
TYPE_BY_RESO: dict[str, str] = {_squash(t.value): t.value for t in PropertyType}


_EXACT_STATUS = {
    **{s.value: s.value for s in StandardStatus},
    **{s.value.replace(" ", ""): s.value for s in StandardStatus},
}
_EXACT_TYPE = {
    **{t.value: t.value for t in PropertyType},
    **{t.value.replace(" ", ""): t.value for t in PropertyType},
}


def status_from_reso(value: str) -> str | None:
    """The stored StandardStatus for a RESO value in either spelling, or None if unknown."""
    return _EXACT_STATUS.get(value) or STATUS_BY_RESO.get(_squash(value))


def type_from_reso(value: str) -> str | None:
    """The stored PropertyType for a RESO value in either spelling, or None if unknown."""
    return _EXACT_TYPE.get(value) or TYPE_BY_RESO.get(_squash(value))
