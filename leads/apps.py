from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = "Leads"

    def ready(self) -> None:
        from leads import audit  # noqa: F401  (registers models with auditlog)
        from leads.ghl import handlers

        handlers.register()  # GHL contact and appointment events (bots adds message events)
