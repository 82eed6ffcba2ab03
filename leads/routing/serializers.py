"""How a new lead was routed, as the leads API returns it (`routing` in the 201 of a POST)."""

from rest_framework import serializers

from leads.enums import RoutingOutcome, RoutingStrategy


class RoutingRuleRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    strategy = serializers.ChoiceField(choices=RoutingStrategy.choices)


class RoutingSerializer(serializers.Serializer):
    """How a new lead was routed (null when it was created with an agent)."""

    outcome = serializers.ChoiceField(choices=RoutingOutcome.choices)
    rule = RoutingRuleRefSerializer(allow_null=True, help_text="null: nobody was available")
    agent = serializers.IntegerField(allow_null=True)
    agent_name = serializers.CharField(allow_null=True)
    offer = serializers.IntegerField(allow_null=True, help_text="broadcast or pond offer id")
    alert = serializers.BooleanField(help_text="nobody available: the broker was alerted")
    reason = serializers.CharField(help_text="the rule, who was chosen and why others were not")
    event = serializers.IntegerField(help_text="the LeadEvent recording the decision")
