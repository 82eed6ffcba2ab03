"""Writes for users, roles and API keys."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from enterprisehub.accounts import roles
from enterprisehub.accounts.models import ApiKey, User


def roles_ensure() -> dict[str, Group]:
    """Create the broker and agent groups if missing; return them by name."""
    return {
        name: Group.objects.get_or_create(name=name)[0] for name in (roles.BROKERS, roles.AGENTS)
    }


@transaction.atomic
def api_key_create(*, user: User, name: str) -> tuple[ApiKey, str]:
    """Issue a key for `user`; return the row and the secret (shown once)."""
    prefix, secret = ApiKey.generate()
    key = ApiKey.objects.create(user=user, name=name, prefix=prefix, hashed_key=ApiKey.hash(secret))
    return key, secret


def api_key_revoke(*, key: ApiKey) -> ApiKey:
    """Revoke a key; later requests with it are refused."""
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    return key
