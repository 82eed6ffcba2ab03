"""Pages Stripe Checkout sends the lead back to, mounted at /pay/ (no login)."""

from django.urls import path

from billing import views_public

urlpatterns = [
    path("thanks/", views_public.checkout_done, name="checkout-done"),
    path("cancelled/", views_public.checkout_cancelled, name="checkout-cancelled"),
]
