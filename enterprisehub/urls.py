"""URL routes: admin, API v1, public compliance pages, agent pages, health.

WebSockets live in routing.py.
"""

import os

from django.contrib import admin
from django.http import JsonResponse
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
]

if os.environ.get("ENTERPRISEHUB_BENCH") == "1":
    # bench/api_leads.py's yardstick: a bare Django JSON view on the same server, same run.
    urlpatterns.append(path("bench/bare", lambda request: JsonResponse({"ok": True})))
