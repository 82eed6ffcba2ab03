"""Routing on the lead page: re-route by the rules (one lead or a selection), a pond filter."""

from __future__ import annotations

from collections import Counter

from django.contrib import admin, messages

from leads.enums import OfferKind, OfferStatus, RoutingOutcome
from leads.routing import services as routing
from leads.routing.services import RoutingResult

BOTH_LOCATIONS = [admin.ActionLocation.CHANGE_LIST, admin.ActionLocation.CHANGE_FORM]


def routing_message(result: RoutingResult | None) -> str:
    """What the broker reads after saving or re-routing one lead."""
    return "" if result is None else result.summary


def _tally(results: list[RoutingResult]) -> str:
    where = Counter(
        str(r.agent) if r.outcome == RoutingOutcome.ASSIGNED else RoutingOutcome(r.outcome).label
        for r in results
    )
    return ", ".join(f"{name} {n}" for name, n in sorted(where.items()))


class RoutingStateFilter(admin.SimpleListFilter):
    title = "routing"
    parameter_name = "routing"

    def lookups(self, request, model_admin):
        return [
            ("pond", "In the pond"),
            ("broadcast", "Offered, waiting for a claim"),
            ("unrouted", "No agent and not on offer"),
        ]

    def queryset(self, request, queryset):
        open_offer = {"offers__status": OfferStatus.OPEN}
        if self.value() in (OfferKind.POND, OfferKind.BROADCAST):
            return queryset.filter(
                assigned_agent__isnull=True, offers__kind=self.value(), **open_offer
            )
        if self.value() == "unrouted":
            return queryset.filter(assigned_agent__isnull=True).exclude(**open_offer)
        return queryset


class LeadRoutingAdminMixin:
    """Broker actions of lead routing, mixed into LeadAdmin."""

    @admin.action(
        description="Re-route by the rules (to another agent)",
        permissions=["assign"],
        location=BOTH_LOCATIONS,
    )
    def reroute(self, request, queryset):
        results = [routing.lead_reroute(lead=lead, actor=request.user) for lead in queryset]
        if len(results) == 1:
            self.message_user(request, f"Re-routed: {routing_message(results[0])}")
        else:
            self.message_user(request, f"Re-routed {len(results)} lead(s): {_tally(results)}.")
        alerts = sum(1 for r in results if r.alert)
        if alerts:
            self.message_user(
                request,
                f"{alerts} lead(s) found no available agent and went to the pond.",
                messages.WARNING,
            )
