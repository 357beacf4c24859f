"""django-allauth, the Tandem way: emails through the outbox, roles from the identity provider,
password sign-in only where the rules allow it."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, _build_apps_from_settings
from django.conf import settings
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts import emails, oidc, services
from ats.people import person_name
from ats.rules import may
from notifications.services import message_queue

QUIET_MESSAGES = {"account/messages/logged_in.txt", "account/messages/logged_out.txt"}


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The name django-axes counts failures under: what was typed in allauth's `login` field
    (or Django admin's `username`), lower-cased so "Rita" and "rita" share one counter."""
    credentials = credentials or {}
    typed = (
        credentials.get("username")
        or credentials.get("email")
        or request.POST.get("login")
        or request.POST.get("username")
    )
    return typed.strip().lower() if typed else None


def _on_site(url: str) -> str:
    """`url` with SITE_URL's scheme and host: a link in an email never trusts the Host header."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return settings.SITE_URL + path


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Django's wording, which people (and the login story) know.
        "username_password_mismatch": (
            "Please enter a correct username and password (your email address works too)."
        ),
        "email_password_mismatch": (
            "Please enter a correct username and password (your email address works too)."
        ),
    }

    def add_message(self, request, level, message_template=None, *args, **kwargs):
        """No "Successfully signed in/out" banner: the page a user lands on says who they are."""
        if message_template in QUIET_MESSAGES:
            return
        super().add_message(request, level, message_template, *args, **kwargs)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Admins create accounts (Django admin); single sign-on provisions its own."""
        return False

    def get_password_change_redirect_url(self, request: HttpRequest) -> str:
        return reverse("password_change_done")

    def pre_login(self, request, user, **kwargs):
        """Password sign-in is refused when SSO is required (but for the break-glass admin)."""
        by_sso = kwargs.get("signal_kwargs") and "sociallogin" in kwargs["signal_kwargs"]
        if not by_sso and user.is_active and not may(user, "accounts.sign_in_with_password"):
            services.audit_record(
                kind="sign_in_failed", user=user, request=request, detail="SSO is required"
            )
            raise ImmediateHttpResponse(
                TemplateResponse(request, "account/sso_required.html", status=403)
            )
        return super().pre_login(request, user, **kwargs)

    def send_password_reset_mail(self, user, email: str, context: dict) -> None:
        """No reset link for someone who must sign in through SSO (the page says the same)."""
        if not may(user, "accounts.sign_in_with_password"):
            return
        super().send_password_reset_mail(user, email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue the email in Tandem's outbox (the worker sends it after the commit)."""
        user = context.get("user")
        recipient = person_name(user) if user is not None else ""
        if template_prefix == "account/email/password_reset_key":
            message_queue(
                template_key=emails.PASSWORD_RESET,
                to=email,
                to_name=recipient,
                context={
                    "recipient_name": (user.first_name if user else "") or recipient,
                    "username": user.get_username() if user else "",
                    "password_reset_url": _on_site(context["password_reset_url"]),
                },
                idempotency_key=f"account:password_reset:{uuid.uuid4()}",
            )
            return
        rendered = self.render_mail(template_prefix, email, {"email": email, **context})
        message_queue(
            template_key=emails.ACCOUNT_NOTICE,
            to=email,
            to_name=recipient,
            context={"notice_subject": rendered.subject, "notice_body": rendered.body},
            idempotency_key=f"account:{template_prefix.rsplit('/', 1)[-1]}:{uuid.uuid4()}",
        )


def _roles(sociallogin) -> set[str]:
    account = sociallogin.account
    return oidc.roles_from_claims(account.extra_data, claim=oidc.role_claim(account.provider))


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on: the identity provider's groups decide the roles, at every sign-in."""

    def list_apps(self, request, provider=None, client_id=None):
        """The identity provider comes from the environment (OIDC_*), never from rows in the
        database: the login page costs no query for it."""
        apps = _build_apps_from_settings(provider=provider, client_id=client_id)
        return [app for provider_apps in apps.values() for app in provider_apps]

    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return True  # the first SSO sign-in provisions the user (just in time)

    def pre_social_login(self, request: HttpRequest, sociallogin) -> None:
        roles = _roles(sociallogin)
        user = sociallogin.user
        if sociallogin.is_existing and not user.is_active:
            services.audit_record(
                kind="sso_refused", user=user, request=request, detail="the account is inactive"
            )
            return  # allauth refuses the inactive account itself (its "inactive" page)
        if not roles:
            if sociallogin.is_existing:
                services.user_deactivate(
                    user=user, by=None, reason="in no Tandem group at the identity provider"
                )
            services.audit_record(
                kind="sso_refused",
                user=user if sociallogin.is_existing else None,
                username=oidc.claimed_username(sociallogin.account.extra_data),
                request=request,
                detail="no Tandem group in the identity provider's claims",
            )
            raise ImmediateHttpResponse(
                TemplateResponse(request, "account/sso_no_role.html", status=403)
            )
        if sociallogin.is_existing:
            services.user_roles_sync(user=user, roles=roles, by=None, source="identity provider")

    def save_user(self, request: HttpRequest, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        roles = _roles(sociallogin)
        services.user_roles_sync(user=user, roles=roles, by=None, source="identity provider")
        return user

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.username:
            user.username = (data.get("email") or "").split("@")[0]
        return user
