"""The GHL settings as one value, read when needed (tests change settings at run time)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings


@dataclass(frozen=True)
class GhlConfig:
    base_url: str
    token: str
    location_id: str
    oauth_client_id: str = ""
    oauth_client_secret: str = ""
    oauth_refresh_token: str = ""
    versions: dict[str, str] = field(default_factory=dict)
    timeout: float = 15.0
    connect_timeout: float = 5.0
    rate_requests: int = 100
    rate_interval: float = 10.0
    rate_margin: float = 0.25
    daily_reserve: int = 500
    max_attempts: int = 3
    retry_base: float = 1.0
    retry_max: float = 20.0

    @property
    def uses_oauth(self) -> bool:
        return bool(self.oauth_client_id and self.oauth_client_secret)

    @property
    def configured(self) -> bool:
        """True when calls can be made: a location and a token (or OAuth credentials)."""
        return bool(self.location_id and (self.token or self.uses_oauth))


def ghl_config() -> GhlConfig:
    """The current GHL settings."""
    s = settings
    return GhlConfig(
        base_url=s.GHL_API_BASE_URL.rstrip("/"),
        token=s.GHL_API_TOKEN,
        location_id=s.GHL_LOCATION_ID,
        oauth_client_id=s.GHL_OAUTH_CLIENT_ID,
        oauth_client_secret=s.GHL_OAUTH_CLIENT_SECRET,
        oauth_refresh_token=s.GHL_OAUTH_REFRESH_TOKEN,
        versions=dict(s.GHL_API_VERSIONS),
        timeout=s.GHL_TIMEOUT_SECONDS,
        connect_timeout=s.GHL_CONNECT_TIMEOUT_SECONDS,
        rate_requests=s.GHL_RATE_LIMIT_REQUESTS,
        rate_interval=s.GHL_RATE_LIMIT_INTERVAL_SECONDS,
        rate_margin=s.GHL_RATE_LIMIT_MARGIN_SECONDS,
        daily_reserve=s.GHL_DAILY_RESERVE,
        max_attempts=max(1, s.GHL_MAX_ATTEMPTS),
        retry_base=s.GHL_RETRY_BASE_SECONDS,
        retry_max=s.GHL_RETRY_MAX_SECONDS,
    )
