"""Billing API routes, mounted at /api/v1/payments/."""

from django.urls import path

from billing import apis

urlpatterns = [
    path("", apis.PaymentListCreateApi.as_view(), name="payment-list"),
    path("products/", apis.FeeProductListApi.as_view(), name="fee-product-list"),
    path("<int:payment_id>/", apis.PaymentDetailApi.as_view(), name="payment-detail"),
]
