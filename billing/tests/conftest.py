"""Billing tests all run with Stripe test keys (fixtures in billing/tests/fixtures.py)."""

from __future__ import annotations

import pytest

from billing.tests.fixtures import WEBHOOK_SECRET

__all__ = ["WEBHOOK_SECRET"]


@pytest.fixture(autouse=True)
def _stripe_keys(stripe_test_keys):
    return stripe_test_keys
