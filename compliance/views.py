"""Public compliance pages (no login): the TREC notices."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from compliance import trec


@require_safe
def trec_notices(request: HttpRequest) -> HttpResponse:
    """Links to the IABS and Consumer Protection Notice with TREC's labels."""
    return render(
        request,
        "compliance/trec_notices.html",
        {
            "brokerage_name": settings.BROKERAGE_NAME,
            "iabs_url": trec.iabs_url(),
            "iabs_label": trec.IABS_LABEL,
            "cpn_url": trec.cpn_url(),
            "cpn_label": trec.CPN_LABEL,
        },
    )
