from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate

# Apps whose permissions the roles grant; after each one migrates, the grants are refreshed.
ROLE_APPS = {"accounts", "auth", "leads", "bots", "billing", "properties", "compliance", "auditlog"}


def _roles_after_migrate(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    if using != DEFAULT_DB_ALIAS or sender.label not in ROLE_APPS:
        return
    from enterprisehub.accounts.services import roles_ensure

    roles_ensure()


class AccountsConfig(AppConfig):
    name = "enterprisehub.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        post_migrate.connect(_roles_after_migrate, dispatch_uid="accounts.roles_after_migrate")
