"""Django admin: who has a second factor (a column and a filter on users), deactivation that
ends sessions and hands tasks on, and the audit log (read-only)."""

from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef

from accounts import services
from accounts.models import AuditEvent
from ats.roles import role_names

User = get_user_model()

_SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def _with_second_factor(queryset):
    return queryset.annotate(
        has_second_factor=Exists(
            Authenticator.objects.filter(user=OuterRef("pk"), type__in=_SECOND_FACTORS)
        )
    )


class SecondFactorFilter(admin.SimpleListFilter):
    title = "second factor"
    parameter_name = "mfa"

    def lookups(self, request, model_admin):
        return [("yes", "Set up"), ("no", "Not set up")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return _with_second_factor(queryset).filter(has_second_factor=self.value() == "yes")
        return queryset


admin.site.unregister(User)


@admin.register(User)
class TandemUserAdmin(UserAdmin):
    list_display = [*UserAdmin.list_display, "is_active", "second_factor"]
    list_filter = [*UserAdmin.list_filter, SecondFactorFilter]
    actions = ["deactivate"]

    def get_queryset(self, request):
        return _with_second_factor(super().get_queryset(request))

    @admin.display(boolean=True, description="second factor", ordering="has_second_factor")
    def second_factor(self, obj) -> bool:
        return obj.has_second_factor

    @admin.action(description="Deactivate: end their sessions, hand their open tasks on")
    def deactivate(self, request, queryset):
        moved = sum(
            services.user_deactivate(user=user, by=request.user, reason="deactivated by an admin")
            for user in queryset.filter(is_active=True)
        )
        self.message_user(request, f"Deactivated; {moved} open task(s) handed on.", messages.INFO)

    def save_model(self, request, obj, form, change):
        stored = User.objects.filter(pk=obj.pk).first() if change else None
        was_active = stored is not None and stored.is_active
        obj._roles_before = role_names(stored) if stored is not None else set()
        super().save_model(request, obj, form, change)
        if was_active and not obj.is_active:
            services.user_deactivate(user=obj, by=request.user, reason="deactivated by an admin")

    def save_related(self, request, form, formsets, change):
        before = getattr(form.instance, "_roles_before", set())
        super().save_related(request, form, formsets, change)
        after = role_names(User.objects.get(pk=form.instance.pk))
        if after != before:
            services.audit_record(
                kind=AuditEvent.Kind.ROLES_CHANGED,
                user=form.instance,
                by=request.user,
                detail=f"{services.roles_change(before, after)} (Django admin)",
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "username", "actor", "detail", "ip_address"]
    list_filter = ["kind", "created_at"]
    search_fields = ["username", "detail"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
