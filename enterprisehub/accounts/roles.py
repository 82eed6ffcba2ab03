"""The two roles: group `brokers` (staff, see everything) and group `agents` (their own leads)."""

BROKERS = "brokers"
AGENTS = "agents"
