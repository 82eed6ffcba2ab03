from django.apps import AppConfig


class BotsConfig(AppConfig):
    name = "bots"
    verbose_name = "Bots and conversations"

    def ready(self) -> None:
        from bots import audit, ghl, privacy  # noqa: F401  (audit registers models with auditlog)

        privacy.register()  # DSR export/erase, retention purge and audit checks -> compliance
        ghl.register()  # GHL InboundMessage / OutboundMessage -> conversations
