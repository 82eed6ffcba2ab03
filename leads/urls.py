"""Leads API routes, mounted at /api/v1/leads/."""

from django.urls import path

from leads import apis
from leads.routing import apis as routing_apis

urlpatterns = [
    path("", apis.LeadListCreateApi.as_view(), name="lead-list"),
    path("<uuid:lead_id>/", apis.LeadDetailApi.as_view(), name="lead-detail"),
    path("offers/", routing_apis.OfferListApi.as_view(), name="lead-offer-list"),
    path(
        "offers/<int:offer_id>/claim/",
        routing_apis.OfferClaimApi.as_view(),
        name="lead-offer-claim",
    ),
    path("availability/", routing_apis.AvailabilityApi.as_view(), name="lead-availability"),
]
