"""Fair Housing guard: `check_fair_housing(text) -> GuardResult` for every text shown to a lead.

Re-exported as `compliance.services.check_fair_housing`. Deterministic rules; the LLM reviewer
sits behind them in compliance.review (see README.md in
this package for what is flagged, what is allowed and why).
"""

from compliance.fair_housing.base import CATEGORIES, WARNING_CATEGORIES
from compliance.fair_housing.guard import check_fair_housing
from compliance.verdicts import FairHousingVerdict, GuardResult

__all__ = [
    "CATEGORIES",
    "WARNING_CATEGORIES",
    "FairHousingVerdict",
    "GuardResult",
    "check_fair_housing",
]
