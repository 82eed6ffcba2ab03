"""EnterpriseHub project package: settings, routing, Celery app and shared plumbing."""

from enterprisehub.celery import app as celery_app

__all__ = ["celery_app"]
