"""Where Stripe Checkout returns the lead. These pages only say thank you: the payment is
recorded from Stripe's signed webhook, never from this redirect (anyone can open the URL)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def checkout_done(request: HttpRequest) -> HttpResponse:
    return render(
        request, "billing/checkout_done.html", {"brokerage_name": settings.BROKERAGE_NAME}
    )


@require_safe
def checkout_cancelled(request: HttpRequest) -> HttpResponse:
    context = {"brokerage_name": settings.BROKERAGE_NAME}
    return render(request, "billing/checkout_cancelled.html", context)
