from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One thing that happened to an account: append-only, written by accounts.services.

    Sign-ins (password, SSO), failed sign-ins, second-factor changes, role changes and
    deactivations. Admins read them in Django admin; nothing edits or deletes them.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        SIGNED_OUT = "signed_out", "Signed out"
        MFA_ADDED = "mfa_added", "Second factor added"
        MFA_REMOVED = "mfa_removed", "Second factor removed"
        RECOVERY_CODES = "recovery_codes", "Recovery codes generated"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET = "password_reset", "Password reset"
        ROLES_CHANGED = "roles_changed", "Roles changed"
        DEACTIVATED = "deactivated", "Deactivated"
        SSO_REFUSED = "sso_refused", "Single sign-on refused"

    kind = models.CharField(max_length=30, choices=Kind.choices, db_index=True)
    # The account concerned; null for a failed sign-in with a username nobody has.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # Who did it, when not the user themselves (an admin deactivating, changing roles).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(max_length=254, blank=True, help_text="as typed, for failures")
    detail = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username} @ {self.created_at:%Y-%m-%d %H:%M}"
