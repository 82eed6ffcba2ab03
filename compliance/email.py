"""CAN-SPAM for marketing email: the brokerage's postal address and a one-click unsubscribe.

The unsubscribe link carries a signed token (django.core.signing, salted) that names the lead;
it needs no login and does not expire, since the opt-out must keep working after sending. Mail
clients may also unsubscribe in one click by POST (RFC 8058 List-Unsubscribe-Post).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils.html import format_html

UNSUBSCRIBE_SALT = "compliance.email.unsubscribe"
UNSUBSCRIBE_URL_NAME = "email-unsubscribe"


@dataclass(frozen=True)
class MarketingFooter:
    """Footer text and HTML for a marketing email, and the headers to send it with."""

    text: str
    html: str
    unsubscribe_url: str
    headers: dict[str, str] = field(default_factory=dict)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(lead_id: uuid.UUID | str) -> str:
    """A signed, URL-safe token naming the lead (no expiry: opt-outs must always work)."""
    return _signer().sign(str(uuid.UUID(str(lead_id))))


def unsubscribe_token_read(token: str) -> uuid.UUID | None:
    """The lead id in a valid token, or None when the token is tampered with or malformed."""
    try:
        value = _signer().unsign(token or "")
        return uuid.UUID(value)
    except (signing.BadSignature, ValueError):
        return None


def unsubscribe_url(lead_id: uuid.UUID | str) -> str:
    """Absolute one-click unsubscribe URL for the lead."""
    path = reverse(UNSUBSCRIBE_URL_NAME, kwargs={"token": unsubscribe_token(lead_id)})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def list_unsubscribe_headers(lead_id: uuid.UUID | str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers so mail clients show a one-click unsubscribe."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(lead_id)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def marketing_footer(lead_id: uuid.UUID | str) -> MarketingFooter:
    """The CAN-SPAM footer: brokerage name, physical address and the unsubscribe link."""
    url = unsubscribe_url(lead_id)
    name, address = settings.BROKERAGE_NAME, settings.BROKERAGE_ADDRESS
    text = (
        f"{name}, {address}\n"
        f"You are receiving this because you asked us about real estate. "
        f"Unsubscribe in one click: {url}"
    )
    html = format_html(
        '<p style="font-size:12px;color:#555">{}, {}<br>You are receiving this because you '
        'asked us about real estate. <a href="{}">Unsubscribe</a> in one click.</p>',
        name,
        address,
        url,
    )
    return MarketingFooter(
        text=text, html=str(html), unsubscribe_url=url, headers=list_unsubscribe_headers(lead_id)
    )


class EmailBlockReason(models.TextChoices):
    NO_ADDRESS = "no_address", "No email address on file"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed from marketing email"
    FAIR_HOUSING = "fair_housing", "Fair Housing guard"


@dataclass(frozen=True)
class EmailDecision:
    """Whether a marketing email may go, why not, and the CAN-SPAM footer it must carry."""

    send: bool
    reasons: list[str] = field(default_factory=list)
    footer: MarketingFooter | None = None
    guard_result: Any = None


def outbound_email_decide(
    text: str,
    *,
    lead_id: uuid.UUID | str,
    address: str,
    unsubscribed_at: datetime | None,
    guard: Callable[[str], Any] | None = None,
) -> EmailDecision:
    """The email gate: an address, no unsubscribe, the Fair Housing guard; then the footer.

    Pure (no database): the caller appends `footer.text` and sends with `footer.headers`.
    """
    if not address:
        return EmailDecision(False, [EmailBlockReason.NO_ADDRESS])
    if unsubscribed_at is not None:
        return EmailDecision(False, [EmailBlockReason.UNSUBSCRIBED])
    if guard is None:
        from compliance.fair_housing import check_fair_housing as guard
    result = guard(text)
    if result.violation:
        return EmailDecision(False, [EmailBlockReason.FAIR_HOUSING], guard_result=result)
    return EmailDecision(True, footer=marketing_footer(lead_id), guard_result=result)
