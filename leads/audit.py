"""auditlog registration for leads; encrypted fields and their hashes are masked.

Only concrete columns are tracked: reverse relations (conversations, events, payments) would
otherwise show up as empty "changes" on create.
"""

from auditlog.registry import auditlog

from leads.models import Lead
from leads.routing.models import AgentAvailability, RoutingRule, RoutingRuleMember

auditlog.register(
    Lead,
    include_fields=[f.name for f in Lead._meta.concrete_fields if f.name != "updated_at"],
    mask_fields=["phone", "email", "phone_hash", "email_hash"],
)

# Who changed the routing rules, their agents and availability (cursor columns are not changes).
auditlog.register(RoutingRule, exclude_fields=["rr_clock", "rr_turns", "updated_at"])
auditlog.register(RoutingRuleMember, exclude_fields=["pass_value", "last_turn"])
auditlog.register(AgentAvailability, exclude_fields=["updated_at"])
