"""Choices other apps use with compliance's services (plain values, no models)."""

from compliance.models import ReviewItem

ReviewKind = ReviewItem.Kind
ReviewStatus = ReviewItem.Status
