from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "properties"
    verbose_name = "Listings (MLS)"

    def ready(self) -> None:
        from properties import audit, signals  # noqa: F401  (auditlog registration, cache signals)
