"""Custom user with role helpers, and hashed API keys for integrations."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property

from enterprisehub.accounts import roles


class User(AbstractUser):
    """A broker (sees all leads) or an agent (sees only leads assigned to them)."""

    phone_extension = models.CharField(max_length=10, blank=True)

    @cached_property
    def group_names(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def is_broker(self) -> bool:
        return self.is_superuser or roles.BROKERS in self.group_names

    @property
    def is_agent(self) -> bool:
        return roles.AGENTS in self.group_names

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class ApiKey(models.Model):
    """An integration credential; only a SHA-256 of the secret is stored."""

    PREFIX_LENGTH = 8

    name = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    hashed_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def generate() -> tuple[str, str]:
        """Return (prefix, full secret); the secret is shown once and never stored."""
        prefix = secrets.token_hex(ApiKey.PREFIX_LENGTH // 2)
        return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"
