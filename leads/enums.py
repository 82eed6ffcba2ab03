"""Choices for leads, shared with other apps through this module."""

from django.db import models


class Intent(models.TextChoices):
    BUYER = "buyer", "Buyer"
    SELLER = "seller", "Seller"
    BOTH = "both", "Buyer and seller"
    INVESTOR = "investor", "Investor"
    RENTER = "renter", "Renter"
    INFORMATION = "information", "Information only"
    UNKNOWN = "unknown", "Unknown"


class Stage(models.TextChoices):
    NEW = "new", "New"
    ENGAGED = "engaged", "Engaged"
    QUALIFIED = "qualified", "Qualified"
    APPOINTMENT = "appointment", "Appointment"
    UNDER_CONTRACT = "under_contract", "Under contract"
    CLOSED = "closed", "Closed"
    NURTURE = "nurture", "Nurture"
    LOST = "lost", "Lost"


FUNNEL_STAGES = [
    Stage.NEW,
    Stage.ENGAGED,
    Stage.QUALIFIED,
    Stage.APPOINTMENT,
    Stage.UNDER_CONTRACT,
    Stage.CLOSED,
]


class Temperature(models.TextChoices):
    HOT = "hot", "Hot"
    WARM = "warm", "Warm"
    COLD = "cold", "Cold"


class Source(models.TextChoices):
    GHL_SMS = "ghl_sms", "GHL SMS"
    GHL_FORM = "ghl_form", "GHL web form"
    WEBSITE = "website", "Website"
    REFERRAL = "referral", "Referral"
    ZILLOW = "zillow", "Zillow"
    OPEN_HOUSE = "open_house", "Open house"
    API = "api", "API"
    OTHER = "other", "Other"


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    STAGE_CHANGED = "stage_changed", "Stage changed"
    SCORED = "scored", "Scored"
    ASSIGNED = "assigned", "Assigned"
    HANDED_OFF = "handed_off", "Handed off to a human"
    SYNCED = "synced", "Synced to GHL"
    PAYMENT_LINK = "payment_link", "Payment link sent"
    PAID = "paid", "Paid"
    REFUNDED = "refunded", "Refunded"
    COMMISSION = "commission", "Commission recorded"
    CONTACTED = "contacted", "Contacted"
    OPTED_OUT = "opted_out", "Opted out"
    NOTE = "note", "Note"
    # Lead routing: one event per routing decision, data shaped by leads.routing.decide
    # (rule_id, rule_name, strategy, trigger, outcome, agent_id, candidates, rules, summary).
    ROUTED = "routed", "Routed to an agent"
    OFFERED = "offered", "Offered (broadcast or pond)"
    ROUTING_NO_AGENT = "routing_no_agent", "No agent available (broker alert)"
    CLAIMED = "claimed", "Claimed by an agent"


# Routing decisions a rule can be counted by (BI: leads per rule).
ROUTING_EVENT_KINDS = [EventKind.ROUTED, EventKind.OFFERED, EventKind.ROUTING_NO_AGENT]


class RoutingStrategy(models.TextChoices):
    AGENT = "agent", "Specific agent"
    ROUND_ROBIN = "round_robin", "Round robin (weighted by capacity)"
    BROADCAST = "broadcast", "First to claim (broadcast)"
    POND = "pond", "Pond (any agent may claim)"


class RoutingTrigger(models.TextChoices):
    CREATED = "created", "Lead created without an agent"
    FIRST_INBOUND = "first_inbound", "First inbound message"
    HANDOFF = "handoff", "Handoff of a lead with no agent"
    REOFFER = "reoffer", "Re-offer after a claim timer ran out"
    REROUTE = "reroute", "Re-routed by a broker"


class RoutingOutcome(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    BROADCAST = "broadcast", "Offered to a set of agents, first to claim"
    POND = "pond", "In the pond"


class SkipReason(models.TextChoices):
    INACTIVE = "inactive", "Account inactive"
    NOT_AGENT = "not_agent", "Not in the agents group"
    AWAY = "away", "Away"
    AT_CAPACITY = "at_capacity", "At their cap of open hot leads"
    PASSED_OVER = "passed_over", "Let an earlier offer of this lead lapse"
    CURRENT_AGENT = "current_agent", "Already has the lead"
    NOT_NEXT = "not_next", "Available, not next in turn"


class OfferKind(models.TextChoices):
    BROADCAST = "broadcast", "Broadcast (first to claim)"
    POND = "pond", "Pond"


class OfferStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLAIMED = "claimed", "Claimed"
    EXPIRED = "expired", "Expired"
    WITHDRAWN = "withdrawn", "Withdrawn"
