"""The contact and appointment events leads handles itself (registered in LeadsConfig.ready)."""

from __future__ import annotations

from typing import Any

from leads.enums import Source
from leads.ghl import contacts
from leads.ghl.events import EventContext, handler_register
from leads.models import Lead


def contact_changed(ctx: EventContext) -> Lead:
    """ContactCreate / ContactUpdate: upsert the lead (the contact id is in `id`)."""
    return contacts.lead_upsert_from_ghl(contact_id=ctx.contact_id, contact=ctx.payload)[0]


def contact_deleted(ctx: EventContext) -> Lead | None:
    """ContactDelete: anonymise the lead, keep its funnel row."""
    return contacts.lead_ghl_contact_deleted(contact_id=ctx.contact_id)


def contact_tags_changed(ctx: EventContext) -> Lead:
    """ContactTagUpdate: AI-Off / Stop-Bot stop the bots; removing them restarts."""
    lead = contacts.lead_for_ghl_contact(contact_id=ctx.contact_id, source=Source.GHL_FORM)
    return contacts.lead_tags_apply(lead=lead, tags=ctx.payload.get("tags") or [])


def contact_dnd_changed(ctx: EventContext) -> Lead:
    """ContactDndUpdate: DND into consent, through the consent services."""
    lead = contacts.lead_for_ghl_contact(contact_id=ctx.contact_id, source=Source.GHL_FORM)
    return contacts.lead_dnd_apply(lead=lead, contact=ctx.payload, note_cleared=True)


def appointment_created(ctx: EventContext) -> Lead | None:
    """AppointmentCreate: stage → appointment and a LeadEvent."""
    appointment: dict[str, Any] = ctx.payload.get("appointment") or {}
    if not ctx.contact_id:
        return None
    lead = contacts.lead_for_ghl_contact(contact_id=ctx.contact_id, source=Source.GHL_FORM)
    return contacts.lead_appointment_booked(lead=lead, appointment=appointment)


def workflow_contact(ctx: EventContext) -> Lead | None:
    """A workflow webhook's standard body (contact_id, first_name, phone, email, tags)."""
    p = ctx.payload
    if not ctx.contact_id:
        return None
    contact = {
        "firstName": p.get("first_name"),
        "lastName": p.get("last_name"),
        "name": p.get("full_name"),
        "phone": p.get("phone"),
        "email": p.get("email"),
    }
    tags = p.get("tags")
    if isinstance(tags, str):
        contact["tags"] = [t.strip() for t in tags.split(",") if t.strip()]
    elif isinstance(tags, list):
        contact["tags"] = tags
    return contacts.lead_upsert_from_ghl(contact_id=ctx.contact_id, contact=contact)[0]


def register() -> None:
    """Install leads' handlers (bots adds InboundMessage and OutboundMessage)."""
    handler_register("ContactCreate", contact_changed)
    handler_register("ContactUpdate", contact_changed)
    handler_register("ContactDelete", contact_deleted)
    handler_register("ContactTagUpdate", contact_tags_changed)
    handler_register("ContactDndUpdate", contact_dnd_changed)
    handler_register("AppointmentCreate", appointment_created)
    handler_register("Workflow", workflow_contact)
