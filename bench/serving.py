"""The production serving environment the HTTP benches start gunicorn with."""

from __future__ import annotations

import os
import secrets


def production_env(*, database_url: str, redis_url: str) -> dict[str, str]:
    """Production settings with DEBUG off, local hosts, no TLS redirect, throttle raised.

    Throw-away secrets: the benches' data is synthetic. ENTERPRISEHUB_BENCH=1 adds the bare
    JSON view the figures are compared with (off everywhere else).
    """
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "ENTERPRISEHUB_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FERNET_KEYS": Fernet.generate_key().decode(),
        "PII_HASH_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ENTERPRISEHUB_CACHE_PREFIX": f"bench-{os.getpid()}",
        "ENTERPRISEHUB_API_RATE": "1000000/min",
        "ENTERPRISEHUB_BENCH": "1",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "enterprisehub.settings",
    }
