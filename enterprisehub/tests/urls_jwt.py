"""Test URLconf: the project's routes plus a JWT token endpoint at the throttled path."""

from django.urls import path
from rest_framework_simplejwt.views import TokenObtainPairView

from enterprisehub.urls import urlpatterns as project_urls

urlpatterns = [
    path("api/v1/auth/token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    *project_urls,
]
