"""API plumbing shared by the apps' DRF interfaces."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

_built = threading.local()


class ParamsSerializer(serializers.Serializer):
    """An input serializer for flat query or form parameters, built once per thread.

    DRF deep-copies every declared field each time a serializer is made; for a search with a
    dozen filters that copy costs more than PostgreSQL spends answering it. Plain fields keep no
    state between validations (errors live on the serializer), so each thread builds its fields
    once and reuses them, pointing them at the current serializer. Nested serializers and list
    fields do keep state, so they are refused when the class is defined.
    """

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, field in cls._declared_fields.items():
            if isinstance(field, serializers.BaseSerializer | serializers.ListField):
                raise TypeError(f"{cls.__qualname__}.{name}: ParamsSerializer takes flat fields")

    @property
    def fields(self):
        built = _built.__dict__.setdefault("fields", {})
        fields = built.get(type(self))
        if fields is None:
            fields = built[type(self)] = super().fields  # bound to this serializer
        for field in fields.values():
            field.parent = self  # so `context` and `root` are this request's
        return fields


class RejectUnknownFieldsMixin:
    """Refuse keys the serializer does not accept (unknown or read-only) instead of dropping
    them silently: a client that sends a field it may not set learns so."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            writable = {name for name, f in self.fields.items() if not f.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError(
                    {unknown[0]: [ErrorDetail("Unknown or read-only field.", "UNKNOWN_FIELD")]}
                )
        return super().to_internal_value(data)
