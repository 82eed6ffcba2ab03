"""WSGI entry point: gunicorn serves all HTTP (admin, BI pages, API, webhooks)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "enterprisehub.settings")
application = get_wsgi_application()
