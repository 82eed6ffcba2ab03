"""API routes under /api/v1/properties/."""

from django.urls import path

from properties import apis

app_name = "properties-api"
urlpatterns = [
    path("", apis.ListingSearchApi.as_view(), name="search"),
    path("cma/", apis.CmaApi.as_view(), name="cma"),
    path("<str:listing_key>/", apis.ListingDetailApi.as_view(), name="detail"),
    path("<str:listing_key>/similar/", apis.ListingSimilarApi.as_view(), name="similar"),
]
