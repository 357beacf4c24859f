"""Single sign-on: which Tandem roles the identity provider's claims (OpenID Connect) or
attributes (SAML) give; and the OpenID Connect sign-in views, which always check the ID token's
signature against the provider's keys.

allauth's own views skip the signature when the ID token came straight from the token endpoint
over TLS (OpenID Connect Core 3.1.3.7 allows it); Tandem checks it anyway, so a token endpoint
answered by someone else (a proxy, a DNS mistake) cannot sign anybody in.
"""

from __future__ import annotations

from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.http import Http404, HttpRequest

from ats.roles import ROLE_NAMES


def role_map() -> dict[str, str]:
    """OIDC_ROLE_MAP ("ats-recruiters=recruiter,ats-admins=admin") as {group: role}."""
    mapping = {}
    for pair in settings.OIDC_ROLE_MAP.split(","):
        group, _, role = pair.strip().partition("=")
        if group and role.strip() in ROLE_NAMES:
            mapping[group.strip()] = role.strip()
    return mapping


def _claims(extra_data: dict[str, Any]) -> list[dict[str, Any]]:
    """The claim sets allauth kept: userinfo first, then the ID token (either may be missing)."""
    found = [extra_data.get("userinfo"), extra_data.get("id_token")]
    return [claims for claims in found if isinstance(claims, dict)] or [extra_data]


def role_claim(provider: str) -> str:
    """Where a provider lists a person's groups: OIDC_ROLE_CLAIM, or SAML_ROLE_ATTRIBUTE."""
    return settings.SAML_ROLE_ATTRIBUTE if provider == "saml" else settings.OIDC_ROLE_CLAIM


def roles_from_claims(extra_data: dict[str, Any], *, claim: str) -> set[str]:
    """The Tandem roles the groups in `claim` map to (empty: no access). `extra_data` is what
    allauth kept: OpenID Connect's userinfo and ID token, or SAML's attributes."""
    mapping = role_map()
    for claims in _claims(extra_data):
        groups = claims.get(claim)
        if groups is None:
            continue
        if isinstance(groups, str):
            groups = groups.split()
        return {mapping[group] for group in groups if group in mapping}
    return set()


def claimed_username(extra_data: dict[str, Any]) -> str:
    for claims in _claims(extra_data):
        name = claims.get("preferred_username") or claims.get("email") or claims.get("sub")
        if isinstance(name, list):  # SAML attributes are lists of values
            name = name[0] if name else ""
        if name:
            return str(name)[:254]
    return ""


class VerifyingOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, checking the ID token's signature (JWKS) every time."""

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict:
        self.did_fetch_access_token = False  # allauth verifies the signature when this is False
        return super()._decode_id_token(app, id_token)


@login_not_required
def login(request: HttpRequest, provider_id: str):
    try:
        return OAuth2LoginView.adapter_view(VerifyingOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404("No such identity provider.") from exc


@login_not_required
def callback(request: HttpRequest, provider_id: str):
    try:
        return OAuth2CallbackView.adapter_view(VerifyingOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist as exc:
        raise Http404("No such identity provider.") from exc
