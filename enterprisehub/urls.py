"""URL routes: admin, API v1, schema/docs, health. WebSockets live in routing.py."""

from django.contrib import admin
from django.urls import path

from enterprisehub import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
]
