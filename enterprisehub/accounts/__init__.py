"""Users, roles (brokers, agents) and API keys."""
