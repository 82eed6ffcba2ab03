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


@register.inclusion_tag("admin/compliance/review_queue_banner.html", takes_context=True)
def review_queue_banner(context) -> dict:
    """The admin index's line: how many held texts and unclear opt-outs wait for a person."""
    from compliance import selectors

    return {"pending": selectors.review_pending_count(), "request": context.get("request")}
