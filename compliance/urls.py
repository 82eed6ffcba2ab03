"""Public compliance pages, mounted at /c/."""

from django.urls import path

from compliance import views

urlpatterns = [
    path("trec/", views.trec_notices, name="trec-notices"),
]
