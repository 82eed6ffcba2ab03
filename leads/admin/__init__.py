"""Brokers' back office for leads (Django admin).

Other apps add read-only inlines to the lead page with LeadAdmin.inline_register (bots adds the
conversation transcript), because leads may not import them.
"""

from leads.admin import routing  # noqa: F401  (registers the routing back office)
from leads.admin.lead import LeadAdmin, LeadEventInline, LeadReadOnlyInline

__all__ = ["LeadAdmin", "LeadEventInline", "LeadReadOnlyInline"]
