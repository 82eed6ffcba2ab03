"""Billing: consultation fees through Stripe Checkout, webhooks and reconciliation."""
