"""reconcile_stripe and the nightly task: mismatches with Stripe found, the safe ones fixed,
the rest left for a person with a non-zero exit."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from billing import services
from billing.models import Payment, ReconciliationRun
from billing.tasks import stripe_reconcile_task
from enterprisehub.celery import app as celery_app
from leads.models import LeadEvent
from leads.tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def _open(product):
    return services.payment_checkout_create(lead_id=LeadFactory().pk, product_id=product.pk)


def _reconcile(*args) -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("reconcile_stripe", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


def test_a_missed_webhook_is_found_then_fixed(fake_stripe, product):
    payment, untouched = _open(product), _open(product)
    fake_stripe.pay(payment.checkout_session_id)  # paid at Stripe; its webhook never came

    output, error = _reconcile("--since", timezone.localdate().isoformat())

    assert error == "1 mismatch(es) remain (run with --fix to repair the fixable ones)"
    assert "Checkout Sessions of ours since" in output and ": 2" in output
    assert f"status            payment {payment.pk}" in output
    assert "ours=pending stripe=paid [fixable with --fix]" in output
    payment.refresh_from_db()
    assert payment.status == "pending"

    output, error = _reconcile("--since", timezone.localdate().isoformat(), "--fix")

    assert error is None
    assert "1 mismatch(es), 1 fixed, 0 remaining" in output
    payment.refresh_from_db()
    assert payment.status == "paid" and payment.paid_at is not None
    assert (
        payment.payment_intent_id
        == fake_stripe.sessions[payment.checkout_session_id]["payment_intent"]
    )
    assert LeadEvent.objects.filter(lead=payment.lead, kind="paid").count() == 1
    untouched.refresh_from_db()
    assert untouched.status == "pending"

    output, error = _reconcile("--since", timezone.localdate().isoformat())
    assert error is None and "0 mismatch(es)" in output


def test_refunds_on_an_older_payment_are_found_through_the_refund_list(fake_stripe, product):
    payment = _open(product)
    fake_stripe.pay(payment.checkout_session_id)
    services.payment_apply_facts(
        payment=payment,
        facts=services.StripeFacts(
            status="paid",
            payment_intent_id=fake_stripe.sessions[payment.checkout_session_id]["payment_intent"],
        ),
    )
    payment.refresh_from_db()
    for session in fake_stripe.sessions.values():  # the session itself is older than --since
        session["created"] -= 10 * 86400
    fake_stripe.refund(payment.payment_intent_id, 4000)

    run = services.stripe_reconcile(since=timezone.now() - timedelta(days=1), fix=True)

    assert (run.checked, run.fixed, run.remaining) == (1, 1, 0)
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_cents) == ("partially_refunded", 4000)


def test_what_is_not_safe_to_fix_stays_a_mismatch(fake_stripe, product):
    payment = _open(product)
    fake_stripe.sessions[payment.checkout_session_id]["amount_total"] = 9900
    Payment.objects.filter(pk=payment.pk).update(status="paid", paid_at=timezone.now())
    stranger = _open(product)
    Payment.objects.filter(pk=stranger.pk).delete()  # Stripe has a session of ours we lost

    output, error = _reconcile("--fix")

    assert error == "3 mismatch(es) remain"
    assert "amount" in output and "ours=15000 stripe=9900 [needs a person]" in output
    assert "ahead" in output and "ours=paid stripe=pending [needs a person]" in output
    assert "missing_here      no payment here" not in output  # it names the payment id it claims
    assert f"missing_here      payment {stranger.pk}" in output
    run = ReconciliationRun.objects.latest("started_at")
    assert (run.fix, run.fixed, run.remaining) == (True, 0, 3)


def test_a_session_our_row_lost_is_linked_again(fake_stripe, product):
    payment = _open(product)
    session_id = payment.checkout_session_id
    Payment.objects.filter(pk=payment.pk).update(checkout_session_id=None, checkout_url="")

    run = services.stripe_reconcile(since=timezone.now() - timedelta(hours=1), fix=True)

    payment.refresh_from_db()
    assert payment.checkout_session_id == session_id
    assert (run.fixed, run.remaining) == (1, 0)


def test_stripe_unreadable_is_a_one_line_error(fake_stripe):
    fake_stripe.fail_next(401, kind="invalid_request_error", code="", message="Invalid API Key")

    output, error = _reconcile()

    assert error == "Stripe could not be read: Invalid API Key"
    assert ReconciliationRun.objects.get().error == "Invalid API Key"


def test_a_bad_date_is_a_one_line_error():
    assert _reconcile("--since", "yesterday")[1] == (
        "--since 'yesterday' is not an ISO 8601 date (YYYY-MM-DD) or time"
    )


def test_the_nightly_task_is_scheduled_and_fixes(fake_stripe, product):
    entry = settings.CELERY_BEAT_SCHEDULE["stripe-reconcile-nightly"]
    assert entry["task"] in celery_app.tasks
    assert settings.CELERY_BEAT_SCHEDULE["stripe-events-retry"]["task"] in celery_app.tasks
    payment = _open(product)
    fake_stripe.pay(payment.checkout_session_id)

    assert stripe_reconcile_task() == 0
    payment.refresh_from_db()
    assert payment.status == "paid"
