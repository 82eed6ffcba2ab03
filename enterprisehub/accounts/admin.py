"""Back office for users (with their roles) and integration API keys.

A key's secret is shown once, in a message right after it is created; only its SHA-256 is kept.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from enterprisehub.accounts import services
from enterprisehub.accounts.models import ApiKey, User

admin.site.site_header = "EnterpriseHub back office"
admin.site.site_title = "EnterpriseHub"
admin.site.index_title = "Leads, conversations, listings and payments"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("Brokerage", {"fields": ("phone_extension",)}))
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        ("Person and role", {"fields": ("first_name", "last_name", "email", "groups", "is_staff")}),
    )
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "roles",
        "is_staff",
        "is_active",
        "last_login",
    )
    list_filter = ("groups", "is_staff", "is_superuser", "is_active")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description="Roles")
    def roles(self, user: User) -> str:
        return ", ".join(sorted(group.name for group in user.groups.all())) or "-"


class RevokedFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(revoked_at__isnull=True)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "active")
    list_filter = (RevokedFilter,)
    list_select_related = ("user",)
    search_fields = ("name", "=prefix", "user__username")
    actions = ("revoke",)
    readonly_fields = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")

    def get_fields(self, request, obj=None):
        return ("name", "user") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # keys are issued and revoked, never edited

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked keys stay, so their use stays explainable

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("accounts.change_apikey")

    def save_model(self, request, obj, form, change):
        key, secret = services.api_key_create(
            user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        obj.pk = key.pk
        obj._state.adding = False
        obj.refresh_from_db()
        self.message_user(
            request,
            f"API key {key.prefix}… created. Copy the secret now, it is not shown again: {secret}",
            messages.WARNING,
        )

    @admin.display(description="Active", boolean=True)
    def active(self, key: ApiKey) -> bool:
        return key.revoked_at is None

    @admin.action(description="Revoke selected keys", permissions=["revoke"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for key in keys:
            services.api_key_revoke(key=key)
        self.message_user(request, f"Revoked {len(keys)} key(s).")
