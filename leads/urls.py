"""Leads API routes, mounted at /api/v1/leads/."""

from django.urls import path

from leads import apis

urlpatterns = [
    path("", apis.LeadListCreateApi.as_view(), name="lead-list"),
    path("<uuid:lead_id>/", apis.LeadDetailApi.as_view(), name="lead-detail"),
]
