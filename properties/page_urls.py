"""Agent pages under /listings/ (login required), and the CMA report link agents send clients."""

import os

from django.urls import path

from properties import views

app_name = "listings"
urlpatterns = [
    path("", views.listing_search_page, name="search"),
    path("cma/", views.cma_report_page, name="cma"),
    # what an agent sends a client: signed, expiring, no sign-in
    path("cma/shared/<str:token>/", views.cma_shared_page, name="cma-shared"),
    path("plotly.js", views.plotly_js, name="plotly-js"),
    path("<str:listing_key>/", views.listing_detail_page, name="detail"),
]
if os.environ.get("ENTERPRISEHUB_BENCH") == "1":
    urlpatterns.insert(0, path("bench/bare", views.bench_bare, name="bench-bare"))
