"""Stripe's webhook route, mounted at /api/v1/webhooks/stripe/."""

from django.urls import path

from billing import apis

urlpatterns = [path("", apis.StripeWebhookApi.as_view(), name="stripe-webhook")]
