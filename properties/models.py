"""Property (RESO fields in snake_case), MlsImportRun and RejectedListing."""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.db.models.functions import Cast, NullIf

from enterprisehub.models import TimeStampedModel
from properties.enums import PropertyType, StandardStatus


class Property(TimeStampedModel):
    """One MLS listing, keyed by the RESO ListingKey."""

    # Unique through Meta.constraints, not unique=True: on PostgreSQL the field option also
    # builds a varchar_pattern_ops index for LIKE, which nothing uses and every import pays for.
    listing_key = models.CharField(max_length=64)
    listing_id = models.CharField(max_length=64, blank=True)
    standard_status = models.CharField(
        max_length=30, choices=StandardStatus.choices, default=StandardStatus.ACTIVE
    )
    list_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    close_price = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    bedrooms_total = models.PositiveSmallIntegerField(null=True, blank=True)
    bathrooms_total_integer = models.PositiveSmallIntegerField(null=True, blank=True)
    living_area = models.PositiveIntegerField(null=True, blank=True)  # square feet
    lot_size_acres = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    year_built = models.PositiveSmallIntegerField(null=True, blank=True)
    property_type = models.CharField(
        max_length=30, choices=PropertyType.choices, default=PropertyType.RESIDENTIAL
    )
    property_sub_type = models.CharField(max_length=50, blank=True)
    unparsed_address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=80, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    listing_contract_date = models.DateField(null=True, blank=True)
    days_on_market = models.PositiveIntegerField(null=True, blank=True)
    public_remarks = models.TextField(blank=True)
    modification_timestamp = models.DateTimeField()
    features = models.JSONField(default=list, blank=True)  # normalised vector for similarity
    source = models.CharField(max_length=50, default="mls")
    # Kept by the database so every writer (import, admin, seed) gets it right and it is indexed.
    price_per_sqft = models.GeneratedField(
        # Cast: SQLite would otherwise divide integers.
        expression=Cast(F("list_price"), models.FloatField()) / NullIf(F("living_area"), 0),
        output_field=models.DecimalField(max_digits=12, decimal_places=2, null=True),
        db_persist=True,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing_key"], name="prop_listing_key_unique"),
        ]
        verbose_name_plural = "properties"
        indexes = [
            # Search: status is always filtered (default Active); keyset order is (sort key, id).
            # (UPPER(city), standard_status, list_price, id) INCLUDE (…) for case-insensitive city
            # search and (postal_code, standard_status, list_price, id) INCLUDE (…) for ZIP
            # search are created in migrations 0003 and 0005 with SQL (SQLite cannot declare
            # INCLUDE).
            models.Index(fields=["standard_status", "list_price", "id"], name="prop_status_price"),
            # (standard_status, listing_contract_date DESC NULLS LAST, id DESC) for "newest" is
            # created in migration 0002 with SQL: SQLite cannot declare NULLS LAST in an index.
            models.Index(
                fields=["standard_status", "price_per_sqft", "id"], name="prop_status_ppsf"
            ),
            # CMA: closed sales of one type, recent first.
            models.Index(
                fields=["property_type", "standard_status", "close_date"], name="prop_type_closed"
            ),
            models.Index(fields=["modification_timestamp"], name="prop_modified"),
        ]

    def __str__(self) -> str:
        return self.unparsed_address or self.listing_key


class MlsImportRun(models.Model):
    """One import from one source: high-water mark and counts."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.CharField(max_length=100, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    high_water_mark = models.DateTimeField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.source} import {self.started_at:%Y-%m-%d %H:%M} ({self.status})"


class RejectedListing(models.Model):
    """A record that failed validation, kept with its raw payload and every reason."""

    run = models.ForeignKey(MlsImportRun, on_delete=models.CASCADE, related_name="rejections")
    listing_key = models.CharField(max_length=64, blank=True, db_index=True)
    raw = models.JSONField()
    errors = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Rejected {self.listing_key or 'record'} ({len(self.errors)} problems)"
