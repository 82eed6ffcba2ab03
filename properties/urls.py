"""API routes under /api/v1/properties/."""

from django.urls import path

from properties import apis

app_name = "properties-api"
urlpatterns = [
    path("", apis.ListingSearchApi.as_view(), name="search"),
    path("<str:listing_key>/", apis.ListingDetailApi.as_view(), name="detail"),
]
