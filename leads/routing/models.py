"""Routing rules and their agents, agent availability, offers of a lead, and broker alerts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from enterprisehub.models import TimeStampedModel
from leads.enums import EventKind, OfferKind, OfferStatus, RoutingStrategy
from leads.models import LeadEvent

MAX_WEIGHT = 20


class RoutingRule(TimeStampedModel):
    """Which leads (source, intent, areas or ZIP codes, price band) go to whom, and how.

    Active rules are tried in `position` order; the default rule matches every lead and is tried
    last. A rule whose agents are all unavailable lets the lead fall through to the next one.
    """

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveIntegerField(
        default=100, help_text="Rules are tried lowest first; the default rule always last."
    )
    is_active = models.BooleanField("active", default=True)
    is_default = models.BooleanField(
        "default rule",
        default=False,
        help_text="Catches every lead no other rule took. Only one rule can be the default.",
    )
    sources = models.JSONField(default=list, blank=True, help_text="Empty: any source.")
    intents = models.JSONField(default=list, blank=True, help_text="Empty: any intent.")
    areas = models.JSONField(
        default=list, blank=True, help_text="Area names, e.g. Round Rock (case does not matter)."
    )
    zip_codes = models.JSONField("ZIP codes", default=list, blank=True)
    price_min = models.PositiveIntegerField(
        null=True, blank=True, help_text="USD; compared with the lead's budget (max, else min)."
    )
    price_max = models.PositiveIntegerField(null=True, blank=True, help_text="USD.")
    strategy = models.CharField(max_length=20, choices=RoutingStrategy.choices)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For 'Specific agent' only.",
    )
    claim_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1)],
        help_text="Broadcast only: minutes the agents have to claim before the lead is re-offered.",
    )
    # Round robin cursor: the virtual time of the last pick and the number of picks so far
    # (see leads.routing.decide).
    rr_clock = models.BigIntegerField(default=0, editable=False)
    rr_turns = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-is_default", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="routingrule_one_default",
            ),
            models.CheckConstraint(
                condition=models.Q(price_min__isnull=True)
                | models.Q(price_max__isnull=True)
                | models.Q(price_min__lte=models.F("price_max")),
                name="routingrule_price_band",
            ),
            models.CheckConstraint(
                condition=~models.Q(strategy=RoutingStrategy.AGENT) | models.Q(agent__isnull=False),
                name="routingrule_agent_strategy_has_agent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_conditions(self) -> bool:
        return bool(
            self.sources
            or self.intents
            or self.areas
            or self.zip_codes
            or self.price_min is not None
            or self.price_max is not None
        )

    def clean(self) -> None:
        if self.strategy == RoutingStrategy.AGENT and self.agent_id is None:
            raise ValidationError({"agent": "Choose the agent this rule sends leads to."})
        low, high = self.price_min, self.price_max
        if low is not None and high is not None and low > high:
            raise ValidationError({"price_min": "The lowest price is above the highest."})
        if self.is_default and self.has_conditions:
            raise ValidationError(
                {"is_default": "The default rule catches every lead: leave its conditions empty."}
            )


class RoutingRuleMember(models.Model):
    """An agent in a round robin or broadcast rule; weight is their share of the leads."""

    rule = models.ForeignKey(RoutingRule, on_delete=models.CASCADE, related_name="members")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    weight = models.PositiveSmallIntegerField(
        "capacity weight",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEIGHT)],
        help_text="Round robin share: weight 2 gets two leads for each one of weight 1.",
    )
    # Stride scheduling pass: grows by STRIDE / weight each time this agent gets a lead; the
    # rule's turn number of their last lead breaks ties (least recently served first).
    pass_value = models.BigIntegerField(default=0, editable=False)
    last_turn = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["rule", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "agent"], name="routingrulemember_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=MAX_WEIGHT),
                name="routingrulemember_weight_1_20",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent} in {self.rule} (weight {self.weight})"


class AgentAvailability(models.Model):
    """Whether an agent takes new leads now: away until a date, and a cap of open hot leads."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="routing_availability"
    )
    away_until = models.DateTimeField(
        null=True, blank=True, help_text="Away (skipped by routing) until this moment."
    )
    away_note = models.CharField(max_length=200, blank=True)
    hot_lead_cap = models.PositiveSmallIntegerField(
        "cap of open hot leads",
        null=True,
        blank=True,
        help_text="Skipped by routing while holding this many open hot leads. Empty: no cap.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "agent availability"
        verbose_name_plural = "agent availability"

    def __str__(self) -> str:
        return str(self.agent)


class LeadOffer(models.Model):
    """A lead offered rather than assigned: to a set of agents (first to claim) or the pond."""

    lead = models.ForeignKey("leads.Lead", on_delete=models.CASCADE, related_name="offers")
    rule = models.ForeignKey(
        RoutingRule, on_delete=models.SET_NULL, null=True, blank=True, related_name="offers"
    )
    kind = models.CharField(max_length=20, choices=OfferKind.choices)
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="lead_offers",
        help_text="Broadcast: who may claim. Pond: empty (every agent may).",
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["lead"],
                condition=models.Q(status=OfferStatus.OPEN),
                name="leadoffer_one_open_per_lead",
            )
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="leadoffer_status_expires")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} offer of {self.lead} ({self.get_status_display()})"


class RoutingAlertManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=EventKind.ROUTING_NO_AGENT)


class RoutingAlert(LeadEvent):
    """A lead no agent was available for: it went to the pond and the broker is told."""

    objects = RoutingAlertManager()

    class Meta:
        proxy = True
        ordering = ["-at"]
        verbose_name = "routing alert"
