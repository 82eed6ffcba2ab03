"""Compare our payments with Stripe's records for a period, and fix what is safe.

Stripe's side: Checkout Sessions created since the date (each with its PaymentIntent and latest
charge expanded) and refunds created since the date (for older payments refunded lately). Safe to
fix: moving a payment forward to what Stripe reports (a missed webhook) and linking a session our
row lost. Never fixed by a machine: amounts that differ, a payment ahead of Stripe, a session we
have no row for, a row Stripe does not know. Those stay mismatches for a person.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import stripe
from django.utils import timezone

from billing import gateway
from billing.enums import STATUS_RANK, PaymentStatus
from billing.exceptions import PaymentProviderError
from billing.models import Payment, ReconciliationRun
from billing.services.checkout import METADATA_SOURCE
from billing.services.payments import StripeFacts, payment_apply_facts
from enterprisehub.errors import ApplicationError

Progress = Callable[[str], None]
EXPAND_SESSION = ["data.payment_intent.latest_charge"]
PROGRESS_EVERY = 100


@dataclass
class StripeView:
    """Stripe's account of one of our payments."""

    payment_id: int | None
    stripe_id: str
    status: str
    amount_cents: int | None = None
    refunded_cents: int = 0
    session_id: str = ""
    intent_id: str = ""
    paid_at: datetime | None = None


@dataclass
class Mismatch:
    kind: str  # missing_here, missing_at_stripe, unlinked, status, refunded, amount, ahead
    payment_id: int | None
    stripe_id: str
    ours: str
    theirs: str
    fixable: bool = False
    fixed: bool = False

    def line(self) -> str:
        state = (
            "fixed" if self.fixed else ("fixable with --fix" if self.fixable else "needs a person")
        )
        who = f"payment {self.payment_id}" if self.payment_id else "no payment here"
        return (
            f"{self.kind:<17} {who:<18} {self.stripe_id:<30} "
            f"ours={self.ours} stripe={self.theirs} [{state}]"
        )


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _refund_status(amount: int | None, refunded: int) -> str | None:
    if refunded <= 0:
        return None
    return (
        PaymentStatus.REFUNDED
        if amount is not None and refunded >= amount
        else (PaymentStatus.PARTIALLY_REFUNDED)
    )


def _payment_id(metadata: dict[str, Any], fallback: Any = "") -> int | None:
    raw = str(metadata.get("payment_id") or fallback or "")
    return int(raw) if raw.isdigit() and len(raw) < 19 else None


def _view_from_intent(
    intent: dict[str, Any], *, session: dict[str, Any] | None = None
) -> StripeView:
    charge = _obj(intent.get("latest_charge"))
    amount = intent.get("amount")
    refunded = int(charge.get("amount_refunded") or 0)
    paid = intent.get("status") == "succeeded"
    status = _refund_status(amount, refunded) or (
        PaymentStatus.PAID if paid else PaymentStatus.PENDING
    )
    return StripeView(
        payment_id=_payment_id(_obj(intent.get("metadata"))),
        stripe_id=intent.get("id", ""),
        status=status,
        amount_cents=amount,
        refunded_cents=refunded,
        intent_id=intent.get("id", ""),
        paid_at=gateway.from_timestamp(charge.get("created")) if paid else None,
    )


def _view_from_session(session: dict[str, Any]) -> StripeView:
    intent = _obj(session.get("payment_intent"))
    view = _view_from_intent(intent) if intent else StripeView(None, "", PaymentStatus.PENDING)
    if session.get("status") == "expired" and session.get("payment_status") != "paid":
        view.status = PaymentStatus.EXPIRED
    elif session.get("payment_status") == "paid" and view.status == PaymentStatus.PENDING:
        view.status = PaymentStatus.PAID
    view.payment_id = _payment_id(_obj(session.get("metadata")), session.get("client_reference_id"))
    view.stripe_id = view.session_id = session["id"]
    view.amount_cents = session.get("amount_total")
    view.intent_id = intent.get("id", "") or str(session.get("payment_intent") or "")
    return view


def _sessions(client: stripe.StripeClient, since: datetime, progress: Progress) -> list[StripeView]:
    params = {"created": {"gte": int(since.timestamp())}, "limit": 100, "expand": EXPAND_SESSION}
    views = []
    for session in client.v1.checkout.sessions.list(params=params).auto_paging_iter():
        data = session.to_dict()
        if _obj(data.get("metadata")).get("source") == METADATA_SOURCE:
            views.append(_view_from_session(data))
        if len(views) % PROGRESS_EVERY == 0 and views:
            progress(f"  checkout sessions read: {len(views)}")
    progress(f"Checkout Sessions of ours since {since:%Y-%m-%d %H:%M}: {len(views)}")
    return views


def _refunded_intents(
    client: stripe.StripeClient, since: datetime, known: set[str], progress: Progress
) -> list[StripeView]:
    """PaymentIntents refunded in the period whose session was created before it."""
    params = {"created": {"gte": int(since.timestamp())}, "limit": 100}
    intent_ids = []
    for refund in client.v1.refunds.list(params=params).auto_paging_iter():
        intent_id = refund.to_dict().get("payment_intent")
        if isinstance(intent_id, str) and intent_id not in known and intent_id not in intent_ids:
            intent_ids.append(intent_id)
    views = []
    for intent_id in intent_ids:
        intent = client.v1.payment_intents.retrieve(
            intent_id, params={"expand": ["latest_charge"]}
        ).to_dict()
        if _obj(intent.get("metadata")).get("source") == METADATA_SOURCE:
            views.append(_view_from_intent(intent))
    progress(f"Refunds since then on older payments of ours: {len(views)}")
    return views


def _compare(payment: Payment, view: StripeView) -> list[Mismatch]:
    found = []

    def add(kind: str, ours: Any, theirs: Any, fixable: bool) -> None:
        found.append(Mismatch(kind, payment.pk, view.stripe_id, str(ours), str(theirs), fixable))

    if view.session_id and payment.checkout_session_id != view.session_id:
        add(
            "unlinked",
            payment.checkout_session_id or "-",
            view.session_id,
            not payment.checkout_session_id,
        )
    if view.amount_cents is not None and view.amount_cents != payment.amount_cents:
        add("amount", payment.amount_cents, view.amount_cents, False)
    ours, theirs = (
        STATUS_RANK[PaymentStatus(payment.status)],
        STATUS_RANK[PaymentStatus(view.status)],
    )
    paid = STATUS_RANK[PaymentStatus.PAID]
    if theirs > ours:
        add("status", payment.status, view.status, True)
    elif ours >= paid > theirs:  # we say paid, Stripe does not: never undone by a machine
        add("ahead", payment.status, view.status, False)
    if view.refunded_cents > payment.refunded_cents and theirs == ours:
        add("refunded", payment.refunded_cents, view.refunded_cents, True)
    elif view.refunded_cents < payment.refunded_cents:
        add("ahead", f"refunded {payment.refunded_cents}", f"refunded {view.refunded_cents}", False)
    return found


def _fix(payment: Payment, view: StripeView) -> None:
    facts = StripeFacts(
        status=view.status,
        session_id=view.session_id,
        payment_intent_id=view.intent_id,
        refunded_cents=view.refunded_cents,
        paid_at=view.paid_at,
    )
    if view.session_id and payment.checkout_session_id not in (None, "", view.session_id):
        return  # a different session is linked: a person decides
    payment_apply_facts(payment=payment, facts=facts)


def _check(
    views: Iterable[StripeView], local: dict[int, Payment], fix: bool
) -> tuple[list[Mismatch], set[int]]:
    mismatches, seen = [], set()
    for view in views:
        payment = local.get(view.payment_id) if view.payment_id else None
        if payment is None:
            mismatches.append(
                Mismatch("missing_here", view.payment_id, view.stripe_id, "-", view.status)
            )
            continue
        seen.add(payment.pk)
        found = _compare(payment, view)
        if fix and found and any(m.fixable for m in found):
            _fix(payment, view)
            payment.refresh_from_db()
            still = {(m.kind, m.ours, m.theirs) for m in _compare(payment, view)}
            for m in found:
                m.fixed = m.fixable and (m.kind, m.ours, m.theirs) not in still
        mismatches += found
    return mismatches, seen


def _local(views: list[StripeView], since: datetime) -> dict[int, Payment]:
    ids = {v.payment_id for v in views if v.payment_id}
    qs = Payment.objects.filter(pk__in=ids) | Payment.objects.filter(
        created_at__gte=since, checkout_session_id__isnull=False
    )
    return {p.pk: p for p in qs}


def stripe_reconcile(
    *, since: datetime, fix: bool = False, progress: Progress | None = None
) -> ReconciliationRun:
    """Compare with Stripe since `since`; with `fix`, repair what is safe. The run is stored."""
    say = progress or (lambda line: None)
    run = ReconciliationRun.objects.create(since=since, fix=fix)
    try:
        client = gateway.client()
        views = _sessions(client, since, say)
        views += _refunded_intents(client, since, {v.intent_id for v in views}, say)
    except (stripe.StripeError, ApplicationError) as exc:
        if isinstance(exc, stripe.StripeError):
            run.error = gateway.error_text(exc)[1]
        else:
            run.error = exc.message
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at"])
        raise PaymentProviderError(f"Stripe could not be read: {run.error}") from exc
    local = _local(views, since)
    mismatches, seen = _check(views, local, fix)
    for payment in local.values():
        if payment.pk not in seen and payment.created_at >= since and payment.checkout_session_id:
            mismatches.append(
                Mismatch(
                    "missing_at_stripe",
                    payment.pk,
                    payment.checkout_session_id,
                    payment.status,
                    "-",
                )
            )
    run.checked = len(views)
    run.mismatches = [asdict(m) for m in mismatches]
    run.fixed = sum(m.fixed for m in mismatches)
    run.remaining = sum(not m.fixed for m in mismatches)
    run.finished_at = timezone.now()
    run.save(update_fields=["checked", "mismatches", "fixed", "remaining", "finished_at"])
    return run


def mismatch_lines(run: ReconciliationRun) -> list[str]:
    """One line per mismatch of a run, for the command and the admin."""
    return [Mismatch(**m).line() for m in run.mismatches]
