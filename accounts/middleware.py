from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from ats.rules import may


class ActiveUserMiddleware:
    """A deactivated user's session stops working on their next request, whichever way they
    signed in (accounts.services.user_deactivate also deletes their sessions at once)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_active:
            logout(request)
        return self.get_response(request)


# Pages a user who must set up a second factor can still reach.
SETUP_PREFIXES = ("/accounts/", "/static/", "/healthz")


class SecondFactorRequiredMiddleware:
    """TANDEM_MFA_REQUIRED: a user whose role needs a second factor and has none is sent to
    set one up (an authenticator app) before any internal page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(SETUP_PREFIXES)
            and may(user, "accounts.needs_second_factor")
            and not Authenticator.objects.filter(
                user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
            ).exists()
        ):
            messages.warning(
                request,
                "Your role signs in with a second factor: set up an authenticator app first.",
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
