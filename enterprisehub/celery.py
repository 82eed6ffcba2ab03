"""The Celery application; the beat schedule lives in settings (CELERY_BEAT_SCHEDULE)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")

app = Celery("enterprisehub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["leads.ghl"])  # leads/ghl/tasks.py (autodiscovery looks one level deep)
