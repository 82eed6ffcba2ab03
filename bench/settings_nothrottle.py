"""Bench-only settings: the real ones without the API throttle, to measure what it costs."""

from enterprisehub.settings import *  # noqa: F403
from enterprisehub.settings import REST_FRAMEWORK

REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}
