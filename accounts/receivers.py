"""The audit log listens to the sign-in machinery (Django's auth signals, allauth's): these
receivers only record what happened, they change nothing."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from accounts.models import AuditEvent
from accounts.services import audit_record

Kind = AuditEvent.Kind


@receiver(account_signals.user_logged_in, dispatch_uid="audit-signed-in")
def _signed_in(sender, request, user, **kwargs):
    """A sign-in through allauth's pages (a password, a second factor, single sign-on)."""
    sociallogin = kwargs.get("sociallogin")
    how = f"single sign-on ({sociallogin.account.provider})" if sociallogin else "password"
    audit_record(kind=Kind.SIGNED_IN, user=user, request=request, detail=how)


@receiver(auth_signals.user_logged_in, dispatch_uid="audit-signed-in-admin")
def _signed_in_to_admin(sender, request, user, **kwargs):
    """Django admin's own login page bypasses allauth; its sign-ins are recorded here."""
    if request is not None and request.path.startswith("/admin/"):
        audit_record(
            kind=Kind.SIGNED_IN, user=user, request=request, detail="password (Django admin)"
        )


@receiver(auth_signals.user_login_failed, dispatch_uid="audit-sign-in-failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    typed = credentials.get("username") or credentials.get("email") or ""
    audit_record(
        kind=Kind.SIGN_IN_FAILED,
        username=str(typed),
        request=request,
        detail="wrong username or password, or locked out",
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit-mfa-failed")
def _second_factor_failed(sender, request, user, **kwargs):
    audit_record(
        kind=Kind.SIGN_IN_FAILED, user=user, request=request, detail="wrong second-factor code"
    )


@receiver(mfa_signals.authenticator_added, dispatch_uid="audit-mfa-added")
def _second_factor_added(sender, request, user, authenticator, **kwargs):
    audit_record(
        kind=Kind.MFA_ADDED, user=user, request=request, detail=authenticator.get_type_display()
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="audit-mfa-removed")
def _second_factor_removed(sender, request, user, authenticator, **kwargs):
    audit_record(
        kind=Kind.MFA_REMOVED, user=user, request=request, detail=authenticator.get_type_display()
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit-mfa-reset")
def _recovery_codes_reset(sender, request, user, authenticator, **kwargs):
    audit_record(kind=Kind.RECOVERY_CODES, user=user, request=request)


@receiver(account_signals.password_changed, dispatch_uid="audit-password-changed")
def _password_changed(sender, request, user, **kwargs):
    audit_record(kind=Kind.PASSWORD_CHANGED, user=user, request=request)


@receiver(account_signals.password_reset, dispatch_uid="audit-password-reset")
def _password_reset(sender, request, user, **kwargs):
    audit_record(kind=Kind.PASSWORD_RESET, user=user, request=request)
