"""CAN-SPAM footer and the signed one-click unsubscribe token."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime

from django.core import signing

from compliance import email

LEAD = uuid.UUID("0b7c2a8e-3f5d-4a4e-9a0f-1c2d3e4f5a6b")


def test_token_round_trip():
    assert email.unsubscribe_token_read(email.unsubscribe_token(LEAD)) == LEAD


def test_tampered_token_is_refused():
    token = email.unsubscribe_token(LEAD)
    other = uuid.UUID("11111111-2222-3333-4444-555555555555")
    assert email.unsubscribe_token_read(token.replace(str(LEAD), str(other))) is None
    assert email.unsubscribe_token_read(token[:-2] + "xx") is None
    assert email.unsubscribe_token_read("") is None


def test_token_signed_for_another_purpose_is_refused():
    foreign = signing.TimestampSigner(salt="something.else").sign(str(LEAD))
    assert email.unsubscribe_token_read(foreign) is None


class _TenYearsAgoSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 10 * 365 * 86400)


def test_token_never_expires():
    token = _TenYearsAgoSigner(salt=email.UNSUBSCRIBE_SALT).sign(str(LEAD))
    # A token from years ago still works: CAN-SPAM requires the opt-out to keep working.
    assert email.unsubscribe_token_read(token) == LEAD


def test_marketing_footer_has_address_and_one_click_link(settings):
    settings.BROKERAGE_NAME = "Lone Star Homes"
    settings.BROKERAGE_ADDRESS = "1 Main St, Austin, TX 78701"
    settings.PUBLIC_BASE_URL = "https://homes.example"
    footer = email.marketing_footer(LEAD)
    token = email.unsubscribe_token(LEAD)
    assert footer.unsubscribe_url == f"https://homes.example/u/{token}/"
    assert "Lone Star Homes, 1 Main St, Austin, TX 78701" in footer.text
    assert footer.unsubscribe_url in footer.text
    assert f'<a href="{footer.unsubscribe_url}">Unsubscribe</a>' in footer.html
    assert footer.headers == {
        "List-Unsubscribe": f"<{footer.unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def test_the_email_gate_needs_an_address_no_unsubscribe_and_a_fair_text(settings):
    settings.PUBLIC_BASE_URL = "https://hub.example.com"
    fine = "Your pricing consultation is booked."

    assert email.outbound_email_decide(
        fine, lead_id=LEAD, address="", unsubscribed_at=None
    ).reasons == ["no_address"]
    assert email.outbound_email_decide(
        fine, lead_id=LEAD, address="a@example.com", unsubscribed_at=datetime.now(tz=UTC)
    ).reasons == ["unsubscribed"]
    unfair = email.outbound_email_decide(
        "One-bedroom apartment, females only.",
        lead_id=LEAD,
        address="a@example.com",
        unsubscribed_at=None,
    )
    assert (unfair.send, unfair.reasons, unfair.guard_result.categories) == (
        False,
        ["fair_housing"],
        ["sex"],
    )
    sent = email.outbound_email_decide(
        fine, lead_id=LEAD, address="a@example.com", unsubscribed_at=None
    )
    assert sent.send and sent.reasons == []
    assert sent.footer.unsubscribe_url.startswith("https://hub.example.com/u/")
    assert sent.footer.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
