"""URL routes: admin, sign-in, API v1, public compliance pages, agent pages, health.

WebSockets live in routing.py.
"""

import os

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from enterprisehub import health

# Under /api/ these answer in the API's JSON error shape; elsewhere Django's own pages.
handler400 = "enterprisehub.errors.handler400"
handler403 = "enterprisehub.errors.handler403"
handler404 = "enterprisehub.errors.handler404"
handler500 = "enterprisehub.errors.handler500"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Sign-in for everyone (agents are not staff, so the admin's own login refuses them).
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("api/v1/auth/", include("enterprisehub.accounts.urls")),
    path("api/v1/leads/", include("leads.urls")),
    path("api/v1/properties/", include("properties.urls")),
    path("api/v1/payments/", include("billing.urls")),
    path("api/v1/webhooks/stripe/", include("billing.urls_webhook")),
    path("listings/", include("properties.page_urls")),
    path("c/", include("compliance.urls")),
    path("u/", include("leads.urls_public")),
    path("pay/", include("billing.urls_public")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up code as a script file: the CSP blocks inline ones.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("api/docs/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
]

if os.environ.get("ENTERPRISEHUB_BENCH") == "1":
    # bench/api_leads.py's yardstick: a bare Django JSON view on the same server, same run.
    urlpatterns.append(path("bench/bare", lambda request: JsonResponse({"ok": True})))
