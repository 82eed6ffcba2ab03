"""Fair Housing guard: `check_fair_housing(text) -> GuardResult` for every text shown to a lead.

Re-exported as `compliance.services.check_fair_housing`. Deterministic rules (see README.md in
this package for what is flagged, what is allowed and why).
"""

from compliance.fair_housing.base import CATEGORIES, WARNING_CATEGORIES
from compliance.fair_housing.guard import GuardResult, check_fair_housing

__all__ = ["CATEGORIES", "WARNING_CATEGORIES", "GuardResult", "check_fair_housing"]
