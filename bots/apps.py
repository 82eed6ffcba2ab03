from django.apps import AppConfig


class BotsConfig(AppConfig):
    name = "bots"
    verbose_name = "Bots and conversations"

    def ready(self) -> None:
        from bots import audit, privacy  # noqa: F401  (audit registers models with auditlog)

        privacy.register()  # DSR export/erase, retention purge and audit checks -> compliance

        from billing import services as billing_services
        from bots.services import conversation_variant_for_lead

        # Revenue is credited to the lead's bot variant; billing may not import bots.
        billing_services.variant_lookup_register(conversation_variant_for_lead)
