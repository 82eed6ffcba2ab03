"""Public lead pages (no login): the one-click email unsubscribe behind a signed token.

GET shows a confirm button (link scanners must not unsubscribe anyone); POST unsubscribes, both
from that button and from mail clients' RFC 8058 one-click POST, which carries no CSRF token, so
the view is CSRF-exempt: the signed token is the credential.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from compliance import email as compliance_email
from leads import consent


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Confirm (GET) or apply (POST) an email unsubscribe; it takes effect immediately."""
    context = {"brokerage_name": settings.BROKERAGE_NAME, "token": token}
    lead_id = compliance_email.unsubscribe_token_read(token)
    if lead_id is None:
        return render(request, "leads/unsubscribe_invalid.html", context, status=400)
    if request.method != "POST":
        return render(request, "leads/unsubscribe_confirm.html", context)
    one_click = request.POST.get("List-Unsubscribe") == "One-Click"
    source = "email_one_click_post" if one_click else "email_unsubscribe_page"
    consent.lead_email_unsubscribe(lead_id=lead_id, source=source)
    # An unknown (e.g. erased) lead gets the same answer: nothing to reveal, nothing to mail.
    return render(request, "leads/unsubscribe_done.html", context)
