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
    BOTS_RESUMED = "bots_resumed", "Bots resumed"
    APPOINTMENT = "appointment", "Appointment booked"
    NOTE = "note", "Note"


class Control(models.TextChoices):
    """Who answers the lead: the bots, or a person (a human reply or an AI-Off tag stops them)."""

    BOT = "bot", "Bot"
    HUMAN = "human", "Human"
