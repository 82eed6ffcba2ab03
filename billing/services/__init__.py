"""Billing writes and workflows: Checkout Sessions, the Stripe webhook, refunds,
reconciliation, commissions and revenue attribution. Other apps import from here."""

from billing.services.checkout import (
    METADATA_SOURCE,
    payment_checkout_create,
    payment_link_cancel,
)
from billing.services.events import (
    stripe_event_process,
    stripe_event_replay,
    stripe_event_store,
    stripe_event_verify,
    stripe_events_retry_due,
)
from billing.services.notify import payment_link_email, payment_link_text
from billing.services.payments import StripeFacts, payment_apply_facts
from billing.services.reconcile import mismatch_lines, stripe_reconcile
from billing.services.refunds import payment_refund, payment_refundable_cents
from billing.services.revenue import (
    commission_record,
    variant_for_lead,
    variant_lookup_register,
)

__all__ = [
    "METADATA_SOURCE",
    "StripeFacts",
    "commission_record",
    "mismatch_lines",
    "payment_apply_facts",
    "payment_checkout_create",
    "payment_link_cancel",
    "payment_link_email",
    "payment_link_text",
    "payment_refund",
    "payment_refundable_cents",
    "stripe_event_process",
    "stripe_event_replay",
    "stripe_event_store",
    "stripe_event_verify",
    "stripe_events_retry_due",
    "stripe_reconcile",
    "variant_for_lead",
    "variant_lookup_register",
]
