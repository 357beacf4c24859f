"""Single sign-on with OpenID Connect, against a provider running in the test
(tests/accounts/oidc_provider.py): just-in-time provisioning with the mapped role, roles that
follow the identity provider, refusals."""

import pytest
import responses
from django.contrib.auth import get_user_model

from accounts.models import AuditEvent
from ats.roles import role_names
from tests.accounts.oidc_provider import CLIENT_ID, CLIENT_SECRET, ISSUER, Provider, sign_in

User = get_user_model()

PERSON = {
    "preferred_username": "grace",
    "email": "grace@example.com",
    "given_name": "Grace",
    "family_name": "Hopper",
}


@pytest.fixture
def provider(settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Acme SSO",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": ISSUER},
                }
            ],
        }
    }
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield Provider(mock)


def _signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_the_login_page_shows_the_sign_in_button_when_a_provider_is_configured(
    client, db, provider
):
    response = client.get("/accounts/login/")
    assert b"Sign in with Acme SSO" in response.content
    assert b'action="/accounts/oidc/sso/login/' in response.content


def test_the_login_page_has_no_sso_button_without_a_provider(client, db):
    assert b"Sign in with" not in client.get("/accounts/login/").content.replace(
        b"Sign in with a passkey", b""
    )


def test_first_sign_in_provisions_the_user_with_the_mapped_role(client, db, provider):
    response = sign_in(client, provider, groups=["ats-recruiters", "unrelated"], **PERSON)
    assert response.headers["Location"] == "/dashboard/"
    user = _signed_in_user(client)
    assert (user.username, user.email, user.get_full_name()) == (
        "grace",
        "grace@example.com",
        "Grace Hopper",
    )
    assert role_names(user) == {"recruiter"}
    assert not user.has_usable_password()
    assert AuditEvent.objects.filter(user=user, kind=AuditEvent.Kind.ROLES_CHANGED).exists()
    assert AuditEvent.objects.filter(
        user=user, kind=AuditEvent.Kind.SIGNED_IN, detail__startswith="single sign-on"
    ).exists()
    assert client.get("/dashboard/").status_code == 200


def test_a_changed_claim_changes_the_role_on_the_next_sign_in(client, db, provider):
    sign_in(client, provider, groups=["ats-managers"], **PERSON)
    user = _signed_in_user(client)
    assert role_names(user) == {"hiring_manager"}
    client.post("/accounts/logout/")

    sign_in(client, provider, groups=["ats-admins", "ats-recruiters"], **PERSON)
    same = _signed_in_user(client)
    assert same.pk == user.pk
    assert role_names(same) == {"admin", "recruiter"}
    assert User.objects.filter(username__startswith="grace").count() == 1


def test_a_person_in_no_mapped_group_is_refused_and_not_provisioned(client, db, provider):
    response = sign_in(client, provider, groups=["sales"], **PERSON)
    assert response.status_code == 403
    assert b"No access to Tandem" in response.content
    assert _signed_in_user(client) is None
    assert not User.objects.filter(email="grace@example.com").exists()
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SSO_REFUSED, username="grace").exists()


def test_a_deactivated_user_is_refused(client, db, provider):
    sign_in(client, provider, groups=["ats-recruiters"], **PERSON)
    user = _signed_in_user(client)
    client.post("/accounts/logout/")
    user.is_active = False
    user.save()

    response = sign_in(client, provider, groups=["ats-recruiters"], **PERSON)
    assert response.headers["Location"] == "/accounts/inactive/"
    assert _signed_in_user(client) is None
    user.refresh_from_db()
    assert not user.is_active


def test_a_user_removed_from_every_tandem_group_is_deactivated_at_their_next_sign_in(
    client, db, provider
):
    sign_in(client, provider, groups=["ats-recruiters"], **PERSON)
    user = _signed_in_user(client)
    client.post("/accounts/logout/")

    response = sign_in(client, provider, groups=[], **PERSON)
    assert response.status_code == 403
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEvent.objects.filter(user=user, kind=AuditEvent.Kind.DEACTIVATED).exists()


def test_an_id_token_signed_with_another_key_is_refused(client, db, provider):
    provider.forge_with_another_key()
    response = sign_in(client, provider, groups=["ats-admins"], **PERSON)
    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert _signed_in_user(client) is None
    assert not User.objects.filter(email="grace@example.com").exists()


def test_an_expired_id_token_is_refused(client, db, provider):
    provider.expires_in = -600
    response = sign_in(client, provider, groups=["ats-admins"], **PERSON)
    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert _signed_in_user(client) is None


def test_an_existing_user_with_the_same_verified_email_is_connected_not_duplicated(
    client, recruiter, provider
):
    claims = {**PERSON, "email": recruiter.email, "preferred_username": "someone-else"}
    sign_in(client, provider, groups=["ats-recruiters"], **claims)
    assert _signed_in_user(client) == recruiter


def test_a_callback_with_a_state_tandem_never_issued_is_refused_with_a_page(client, db, provider):
    response = client.get("/accounts/oidc/sso/login/callback/", {"code": "x", "state": "forged"})
    assert response.status_code == 401
    assert b"Third-Party Login Failure" in response.content
    assert _signed_in_user(client) is None


def test_an_unknown_identity_provider_is_a_404(client, db, provider):
    assert client.post("/accounts/oidc/nobody/login/").status_code == 404
