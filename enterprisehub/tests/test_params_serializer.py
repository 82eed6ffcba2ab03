"""ParamsSerializer: fields built once per thread, and validation still per request."""

from __future__ import annotations

import threading

import pytest
from rest_framework import serializers

from enterprisehub.api import ParamsSerializer


class Search(ParamsSerializer):
    city = serializers.CharField(required=False, max_length=20)
    beds = serializers.IntegerField(required=False, min_value=0, default=1)
    price = serializers.DecimalField(required=False, max_digits=8, decimal_places=2)

    def validate_city(self, value: str) -> str:
        return value.title()


def test_each_validation_sees_only_its_own_data():
    first = Search(data={"city": "round rock", "price": "250000"})
    bad = Search(data={"beds": "-1", "price": "cheap"})
    third = Search(data={})

    assert first.is_valid()
    assert not bad.is_valid()
    assert third.is_valid()
    assert dict(first.validated_data) == {"city": "Round Rock", "beds": 1, "price": 250000}
    assert set(bad.errors) == {"beds", "price"}
    assert dict(third.validated_data) == {"beds": 1}
    assert first.errors == {} and third.errors == {}


def test_fields_are_built_once_per_thread_and_bound_to_the_current_serializer():
    one, two = Search(data={}), Search(data={})
    elsewhere = {}

    def build() -> None:
        elsewhere["fields"] = Search(data={}).fields

    thread = threading.Thread(target=build)
    thread.start()
    thread.join()

    assert one.fields["city"] is two.fields["city"]
    assert two.fields["city"].parent is two
    assert elsewhere["fields"]["city"] is not one.fields["city"]


def test_nested_serializers_are_refused_when_the_class_is_defined():
    with pytest.raises(TypeError, match="flat fields"):

        class Nested(ParamsSerializer):
            inner = Search()
