from django.apps import AppConfig
from django.core.signals import setting_changed


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self) -> None:
        from compliance import audit, keys  # noqa: F401  (audit registers models with auditlog)

        # Cache invalidation only: encrypted fields cache their keys; drop them on change.
        setting_changed.connect(keys.on_setting_changed, dispatch_uid="compliance-fernet-keys")
