"""Lead-side export and erasure (leads.privacy)."""

from __future__ import annotations

import uuid

import pytest

from enterprisehub.errors import NotFoundError
from leads import privacy
from leads.models import LeadEvent
from leads.tests.factories import LeadEventFactory, LeadFactory

pytestmark = pytest.mark.django_db


def test_scrub_keeps_tokens_and_numbers_erases_free_text():
    data = {
        "from": "new",
        "to": "qualified",
        "score": 7,
        "ok": True,
        "lost_reason": "moved to Dallas",
    }
    assert privacy.scrub_value(data) == {
        "from": "new",
        "to": "qualified",
        "score": 7,
        "ok": True,
        "lost_reason": "[erased]",
    }
    assert privacy.scrub_value([{"note": "call Maria"}, "buyer"]) == [
        {"note": "[erased]"},
        "buyer",
    ]


def test_export_unknown_lead_is_not_found():
    with pytest.raises(NotFoundError):
        privacy.lead_export_data(lead_id=uuid.uuid4())


def test_erase_scrubs_event_free_text_and_keeps_stage_changes():
    lead = LeadFactory(first_name="Ana", ghl_contact_id=None)
    LeadEventFactory(lead=lead, kind="stage_changed", data={"from": "new", "to": "engaged"})
    LeadEventFactory(lead=lead, kind="note", data={"lost_reason": "Ana moved, ana@x.com"})

    result = privacy.lead_erase(lead_id=lead.pk)

    events = LeadEvent.objects.filter(lead=lead).order_by("pk")
    data = {e.kind: e.data for e in events if e.data != {"erased": True}}
    assert data["stage_changed"] == {"from": "new", "to": "engaged"}
    assert data["note"] == {"lost_reason": "[erased]"}
    assert result == {"lead_erased": 1, "events_scrubbed": 3, "ghl_delete_requested": False}
    assert privacy.ghl_delete_pending() == []


def test_pending_ghl_deletions_are_listed():
    lead = LeadFactory(ghl_contact_id="ghl-77")
    privacy.lead_erase(lead_id=lead.pk)
    pending = privacy.ghl_delete_pending()
    assert [(p["lead_id"], p["contact_id"]) for p in pending] == [(lead.pk, "ghl-77")]
