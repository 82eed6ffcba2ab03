"""Routes (filled in by the app's interface modules)."""

urlpatterns: list = []
