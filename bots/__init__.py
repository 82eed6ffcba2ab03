"""Bots: conversations, messages and the AI decisions behind every turn."""
