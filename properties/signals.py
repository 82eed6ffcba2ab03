"""Cache invalidation only: a saved or deleted listing makes the similarity index stale."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from properties.models import Property
from properties.similarity import similarity_invalidate


@receiver([post_save, post_delete], sender=Property, dispatch_uid="properties-similarity")
def _listing_changed(sender, **kwargs) -> None:
    similarity_invalidate()
