"""URL routes: admin, API v1, public compliance pages, agent pages, health.

WebSockets live in routing.py.
"""

from django.contrib import admin
from django.urls import include, path

from enterprisehub import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/leads/", include("leads.urls")),
    path("api/v1/properties/", include("properties.urls")),
    path("listings/", include("properties.page_urls")),
    path("c/", include("compliance.urls")),
    path("u/", include("leads.urls_public")),
]
