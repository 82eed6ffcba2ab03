"""Template tags for compliance partials: {% load compliance_tags %}{% trec_footer %}."""

from __future__ import annotations

from django import template
from django.conf import settings

from compliance import trec

register = template.Library()


@register.inclusion_tag("compliance/trec_footer.html")
def trec_footer() -> dict[str, str]:
    """TREC's IABS and Consumer Protection Notice links, with TREC's labels (22 TAC 531.18/.20)."""
    return {
        "brokerage_name": settings.BROKERAGE_NAME,
        "iabs_url": trec.iabs_url(),
        "iabs_label": trec.IABS_LABEL,
        "cpn_url": trec.cpn_url(),
        "cpn_label": trec.CPN_LABEL,
    }
