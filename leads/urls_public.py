"""Public lead routes, mounted at /u/ (no login)."""

from django.urls import path

from leads import views_public

urlpatterns = [
    path("<str:token>/", views_public.email_unsubscribe, name="email-unsubscribe"),
]
