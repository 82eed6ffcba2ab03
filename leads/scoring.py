"""Temperature from score (thresholds in settings)."""

from django.conf import settings

from leads.enums import Temperature


def temperature_for(score: int) -> str:
    """hot ≥ LEAD_TEMPERATURE_HOT, warm ≥ LEAD_TEMPERATURE_WARM, else cold."""
    if score >= settings.LEAD_TEMPERATURE_HOT:
        return Temperature.HOT
    if score >= settings.LEAD_TEMPERATURE_WARM:
        return Temperature.WARM
    return Temperature.COLD
