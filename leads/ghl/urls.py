"""GHL webhook routes, mounted at /api/v1/webhooks/ghl/."""

from django.urls import path

from leads.ghl import apis

urlpatterns = [
    path("", apis.GhlWebhookApi.as_view(), name="ghl-webhook"),
    path("workflow/", apis.GhlWorkflowWebhookApi.as_view(), name="ghl-workflow-webhook"),
]
