"""Writes for users, roles and API keys."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from enterprisehub.accounts import authentication, roles
from enterprisehub.accounts.models import ApiKey, User

# App labels, not imports: accounts is plumbing and must not import a domain app.
BROKER_FULL_ACCESS_APPS = ("leads", "bots", "billing")
BROKER_VIEW_APPS = ("properties", "compliance", "auditlog")
AGENT_PERMISSIONS = (("leads", "view_lead"), ("leads", "change_lead"))
# Work brokers do in the compliance and listings back office beyond viewing.
BROKER_EXTRA_PERMISSIONS = (
    ("compliance", "add_datasubjectrequest"),
    ("compliance", "change_datasubjectrequest"),
    ("compliance", "change_finding"),
    ("compliance", "change_reviewitem"),
    ("compliance", "add_trecnoticedelivery"),
    ("properties", "change_rejectedlisting"),
)


def _permissions(pairs) -> Q:
    wanted = Q(pk__in=[])
    for app_label, codename in pairs:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return wanted


def _broker_permissions():
    return Permission.objects.filter(
        Q(content_type__app_label__in=BROKER_FULL_ACCESS_APPS)
        | Q(content_type__app_label__in=BROKER_VIEW_APPS, codename__startswith="view_")
        | _permissions(BROKER_EXTRA_PERMISSIONS)
    )


def _agent_permissions():
    return Permission.objects.filter(_permissions(AGENT_PERMISSIONS))


def roles_ensure() -> dict[str, Group]:
    """Create the broker and agent groups if missing, grant their permissions; return them.

    Idempotent and additive (permissions granted by hand are kept). Permissions that do not
    exist yet (an app not migrated) are granted on a later call: it also runs after migrate.
    """
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (roles.BROKERS, roles.AGENTS)
    }
    groups[roles.BROKERS].permissions.add(*_broker_permissions())
    groups[roles.AGENTS].permissions.add(*_agent_permissions())
    return groups


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
    authentication.forget(key.hashed_key)
    return key
