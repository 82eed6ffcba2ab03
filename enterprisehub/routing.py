"""WebSocket routes (all under /ws/); each app contributes its consumers here."""

websocket_urlpatterns: list = []
