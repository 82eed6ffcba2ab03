"""Deterministic Austin demo data for `manage.py seed_demo` (users, listings, leads, chats)."""
