"""Celery interface for compliance: the nightly retention purge and audit."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def retention_purge_task() -> int:
    """Purge message bodies past retention; return how many."""
    from compliance.retention import retention_run

    return retention_run().detail.get("messages_purged", 0)


@shared_task(acks_late=True)
def compliance_audit_task() -> int:
    """Run every audit check and store the findings; return how many critical remain open."""
    from compliance.audit_scan import audit_run

    return audit_run().open_critical
