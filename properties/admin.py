"""Back office for listings: browse listings, follow imports, fix and retry rejected records."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from properties.models import MlsImportRun, Property, RejectedListing
from properties.services import listing_refresh_features, rejected_listing_retry


class PriceBandFilter(admin.SimpleListFilter):
    title = "price band"
    parameter_name = "price_band"
    BANDS = {
        "lt300": ("Under $300k", None, 300_000),
        "300-500": ("$300k–$500k", 300_000, 500_000),
        "500-750": ("$500k–$750k", 500_000, 750_000),
        "750-1m": ("$750k–$1M", 750_000, 1_000_000),
        "gte1m": ("$1M and over", 1_000_000, None),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _, _) in self.BANDS.items()]

    def queryset(self, request, queryset):
        band = self.BANDS.get(self.value() or "")
        if band is None:
            return queryset
        _, low, high = band
        if low is not None:
            queryset = queryset.filter(list_price__gte=low)
        if high is not None:
            queryset = queryset.filter(list_price__lt=high)
        return queryset


@admin.register(Property)
class PropertyAdmin(admin.ModelAdmin):
    list_display = (
        "listing_id",
        "unparsed_address",
        "city",
        "standard_status",
        "list_price",
        "bedrooms_total",
        "bathrooms_total_integer",
        "living_area",
        "modification_timestamp",
    )
    list_filter = ("standard_status", PriceBandFilter, "property_type", "city")
    search_fields = ("=listing_key", "=listing_id", "unparsed_address", "postal_code")
    readonly_fields = ("features", "price_per_sqft", "created_at", "updated_at")
    ordering = ("-modification_timestamp",)
    show_full_result_count = False  # no COUNT(*) over every listing on each page
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        listing_refresh_features(listing=obj)
        super().save_model(request, obj, form, change)


class RejectionInline(admin.TabularInline):
    model = RejectedListing
    fields = ("listing_key", "errors", "resolved_at")
    readonly_fields = fields
    extra = 0
    max_num = 0
    show_change_link = True


@admin.register(MlsImportRun)
class MlsImportRunAdmin(admin.ModelAdmin):
    list_display = (
        "started_at",
        "source",
        "status",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "deleted",
        "high_water_mark",
        "finished_at",
    )
    list_filter = ("status", "source")
    readonly_fields = [f.name for f in MlsImportRun._meta.fields]
    inlines = [RejectionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class ResolvedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Needs attention"), ("resolved", "Resolved")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(RejectedListing)
class RejectedListingAdmin(admin.ModelAdmin):
    list_display = ("listing_key", "run", "problems", "created_at", "resolved_at")
    list_filter = (ResolvedFilter, "run__source")
    search_fields = ("=listing_key",)
    readonly_fields = ("run", "errors", "created_at", "resolved_at")
    fields = ("run", "listing_key", "raw", "errors", "created_at", "resolved_at")
    actions = ["retry"]
    list_select_related = ("run",)

    @admin.display(description="problems")
    def problems(self, obj: RejectedListing) -> str:
        return "; ".join(e.get("message", "") for e in obj.errors)[:200]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description="Retry the selected records (after fixing the raw payload)")
    def retry(self, request: HttpRequest, queryset: QuerySet[RejectedListing]) -> None:
        imported = failed = 0
        for rejected in queryset.filter(resolved_at__isnull=True).select_related("run"):
            if rejected_listing_retry(rejected=rejected):
                imported += 1
            else:
                failed += 1
        if imported:
            self.message_user(request, f"{imported} record(s) imported.", messages.SUCCESS)
        if failed:
            self.message_user(
                request, f"{failed} record(s) still invalid; see their problems.", messages.WARNING
            )
