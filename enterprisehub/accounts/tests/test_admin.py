"""Users and API keys in the back office; the role groups' permissions."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.urls import reverse

from enterprisehub.accounts import roles
from enterprisehub.accounts.models import ApiKey, User
from enterprisehub.accounts.services import api_key_create, roles_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw-root"))
    return client


def _perms(group: str) -> set[str]:
    return {
        f"{app}.{code}"
        for app, code in Group.objects.get(name=group).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_roles_grant_brokers_the_back_office_and_agents_their_leads():
    roles_ensure()

    broker = _perms(roles.BROKERS)
    assert {"leads.change_lead", "leads.delete_lead", "bots.view_message"} <= broker
    assert {
        "billing.add_payment",
        "properties.view_property",
        "compliance.view_accesslog",
    } <= broker
    assert "properties.change_property" not in broker
    assert {
        "compliance.add_datasubjectrequest",
        "compliance.change_datasubjectrequest",
        "compliance.change_finding",
        "compliance.add_trecnoticedelivery",
        "properties.change_rejectedlisting",
    } <= broker
    assert "compliance.delete_accesslog" not in broker
    assert not any(p.startswith("accounts.") for p in broker)
    assert _perms(roles.AGENTS) == {"leads.view_lead", "leads.change_lead"}


def test_roles_exist_after_migrate_without_calling_the_service():
    # The test database was built by migrate: the post_migrate hook already granted these.
    assert "leads.view_lead" in _perms(roles.AGENTS)
    assert "leads.add_lead" in _perms(roles.BROKERS)


def test_broker_has_model_permissions_through_the_group(broker):
    assert broker.has_perm("leads.change_lead")
    assert broker.has_perm("properties.view_property")
    assert not broker.has_perm("accounts.add_apikey")


def test_creating_a_key_shows_the_secret_once(superuser_client, broker):
    response = superuser_client.post(
        reverse("admin:accounts_apikey_add"), {"name": "Zapier", "user": str(broker.pk)}
    )

    key = ApiKey.objects.get(name="Zapier")
    texts = [m.message for m in get_messages(response.wsgi_request)]
    secret = next(t for t in texts if "Copy the secret" in t).rsplit(" ", 1)[1]
    assert secret.startswith(key.prefix + ".")
    assert key.hashed_key == ApiKey.hash(secret) and key.user == broker
    changelist = reverse("admin:accounts_apikey_changelist")
    first = superuser_client.get(changelist).content.decode()  # the page after the redirect
    again = superuser_client.get(changelist).content.decode()
    detail = superuser_client.get(reverse("admin:accounts_apikey_change", args=[key.pk]))
    assert secret in first
    assert key.prefix in again
    assert secret not in again and secret not in detail.content.decode()
    assert key.hashed_key not in detail.content.decode()


def test_revoke_action(superuser_client, broker):
    key, _ = api_key_create(user=broker, name="old")
    kept, _ = api_key_create(user=broker, name="kept")

    superuser_client.post(
        reverse("admin:accounts_apikey_changelist"),
        {"action": "revoke", "_selected_action": [str(key.pk)]},
    )

    key.refresh_from_db()
    kept.refresh_from_db()
    assert key.revoked_at is not None and kept.revoked_at is None


def test_user_list_shows_roles_and_adds_a_user_with_a_group(superuser_client, broker, agent):
    listing = superuser_client.get(reverse("admin:accounts_user_changelist"))
    assert listing.status_code == 200
    assert "brokers" in listing.content.decode()

    agents = Group.objects.get(name=roles.AGENTS)
    superuser_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "carla",
            "usable_password": "true",
            "password1": "a-Long-pass-4-carla",
            "password2": "a-Long-pass-4-carla",
            "first_name": "Carla",
            "groups": [str(agents.pk)],
        },
    )
    carla = User.objects.get(username="carla")
    assert carla.is_agent and not carla.is_broker


def test_every_admin_list_and_add_page_renders(superuser_client):
    """Smoke test over every registered admin (an exception in a page fails the test)."""
    statuses = {}
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for page in ("changelist", "add"):
            statuses[f"{prefix}_{page}"] = superuser_client.get(
                reverse(f"{prefix}_{page}")
            ).status_code

    assert {name for name, status in statuses.items() if status not in (200, 403)} == set()
    assert statuses["admin:leads_lead_changelist"] == statuses["admin:leads_lead_add"] == 200
    assert statuses["admin:bots_message_add"] == 403  # written by the bots, never by hand
