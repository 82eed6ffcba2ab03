from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "enterprisehub.accounts"
    label = "accounts"
    verbose_name = "Accounts and roles"
