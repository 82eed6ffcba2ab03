"""Stripe test fixtures for every app's tests (loaded from the root conftest): test keys, the
fake Stripe API behind respx, eager Celery, a fee product, posting signed webhook events."""

from __future__ import annotations

import json

import pytest
import respx
from django.urls import reverse

from billing.tests.factories import FeeProductFactory
from billing.tests.fake_stripe import FakeStripe, sign
from enterprisehub.celery import app as celery_app

WEBHOOK_SECRET = "whsec_test_3u8Xq0"


@pytest.fixture
def stripe_test_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_51FakeKeyForTests"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_MAX_NETWORK_RETRIES = 0  # error tests answer at once, no backoff sleeps
    return settings


@pytest.fixture
def fake_stripe(stripe_test_keys):
    with respx.mock(assert_all_called=False) as router:
        yield FakeStripe(router)


@pytest.fixture
def eager_celery():
    """Tasks run in-process (the webhook's processing task, the sweep)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture
def product(db):
    return FeeProductFactory(name="Seller pricing consultation", amount_cents=15000)


@pytest.fixture
def post_event(client, django_capture_on_commit_callbacks, eager_celery, stripe_test_keys):
    """POST a Stripe event signed with the webhook secret (or `header`), run what commits."""

    def post(event: dict, *, header: str | None = None, secret: str = WEBHOOK_SECRET, **kw):
        body = json.dumps(event).encode()
        headers = {} if header == "" else {"Stripe-Signature": header or sign(body, secret, **kw)}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("stripe-webhook"), body, content_type="application/json", headers=headers
            )

    return post
