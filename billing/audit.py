"""auditlog registration for money rows: payments, refunds, commissions and fee products."""

from auditlog.registry import auditlog

from billing.models import Commission, FeeProduct, Payment, Refund

auditlog.register(Payment)
auditlog.register(Refund)
auditlog.register(Commission)
auditlog.register(FeeProduct)
