"""Billing reads: fee products to offer, payments a viewer may see, totals, attributed revenue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from billing.enums import PAID_STATUSES, Audience
from billing.models import Commission, FeeProduct, Payment
from leads import selectors as lead_selectors

if TYPE_CHECKING:
    from enterprisehub.accounts.models import User

ATTRIBUTION_KEYS = {
    "source": "attributed_source",
    "agent": "attributed_agent",
    "variant": "attributed_variant",
}


def fee_products_active(*, audience: str | None = None) -> QuerySet[FeeProduct]:
    """Products a lead may be offered, for one audience (and those for anyone) when given."""
    qs = FeeProduct.objects.filter(active=True).order_by("name")
    if audience:
        qs = qs.filter(audience__in=[audience, Audience.ANY])
    return qs


def fee_product_offer(*, audience: str) -> FeeProduct | None:
    """The product a bot offers this audience ("seller" / "buyer"): its own before the general."""
    products = list(fee_products_active(audience=audience))
    products.sort(key=lambda p: (p.audience != audience, p.name))
    return products[0] if products else None


def payment_visible_to(*, viewer: User) -> QuerySet[Payment]:
    """Payments on leads the viewer may see (a broker: all, unlinked ones included)."""
    qs = Payment.objects.select_related("lead", "product")
    if not viewer.is_authenticated or not viewer.is_active:
        return qs.none()
    if viewer.is_broker:
        return qs
    return qs.filter(lead__in=lead_selectors.lead_visible_to(viewer=viewer).values("pk"))


@dataclass(frozen=True)
class PaymentTotals:
    count: int
    paid_count: int
    amount_cents: int
    paid_cents: int
    refunded_cents: int

    @property
    def net_cents(self) -> int:
        return self.paid_cents - self.refunded_cents


def payment_totals(qs: QuerySet[Payment]) -> PaymentTotals:
    """Totals of a (filtered) set of payments, in one query."""
    paid = Q(status__in=PAID_STATUSES)
    row = qs.order_by().aggregate(
        count=Count("pk"),
        paid_count=Count("pk", filter=paid),
        amount=Coalesce(Sum("amount_cents"), 0),
        paid_cents=Coalesce(Sum("amount_cents", filter=paid), 0),
        refunded=Coalesce(Sum("refunded_cents", filter=paid), 0),
    )
    return PaymentTotals(
        row["count"], row["paid_count"], row["amount"], row["paid_cents"], row["refunded"]
    )


def revenue_attributed(
    *, by: str, since: datetime, until: datetime, viewer: User | None = None
) -> list[dict[str, Any]]:
    """Fees (net of refunds, by paid date) and commissions (by closing date) per source, agent
    or bot variant: [{"key", "fees_cents", "fees_count", "commission_cents", "deals"}], largest
    first."""
    field = ATTRIBUTION_KEYS[by]
    key = f"{field}_id" if by == "agent" else field
    payments = Payment.objects.filter(
        status__in=PAID_STATUSES, paid_at__gte=since, paid_at__lt=until
    )
    commissions = Commission.objects.filter(closed_on__gte=since.date(), closed_on__lt=until.date())
    if viewer is not None and not viewer.is_broker:
        payments = payments.filter(attributed_agent=viewer)
        commissions = commissions.filter(attributed_agent=viewer)
    rows: dict[Any, dict[str, Any]] = {}

    def row(k: Any) -> dict[str, Any]:
        empty = {"key": k, "fees_cents": 0, "fees_count": 0, "commission_cents": 0, "deals": 0}
        return rows.setdefault(k, empty)

    for r in (
        payments.values(key)
        .annotate(net=Sum(F("amount_cents") - F("refunded_cents")), n=Count("pk"))
        .order_by()
    ):
        row(r[key]).update(fees_cents=r["net"] or 0, fees_count=r["n"])
    for r in commissions.values(key).annotate(total=Sum("amount_cents"), n=Count("pk")).order_by():
        row(r[key]).update(commission_cents=r["total"] or 0, deals=r["n"])
    return sorted(rows.values(), key=lambda r: -(r["fees_cents"] + r["commission_cents"]))
