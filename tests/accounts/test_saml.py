"""Single sign-on with SAML 2.0 (allauth's saml provider), against an identity provider inside
the test (tests/accounts/saml_provider.py): provisioning with the mapped role, forged refused."""

import pytest
from django.contrib.auth import get_user_model

from ats.roles import role_names
from tests.accounts.saml_provider import ENTITY_ID, HOST, SSO_URL, IdentityProvider, sign_in

User = get_user_model()

GRACE = {
    "uid": "grace-1",
    "email": "grace@example.com",
    "email_verified": "true",
    "first_name": "Grace",
    "last_name": "Hopper",
    "username": "grace",
}


@pytest.fixture
def idp(settings):
    provider = IdentityProvider()
    settings.ALLOWED_HOSTS = [HOST]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "saml": {
            "APPS": [
                {
                    "client_id": "sso",
                    "name": "Acme SAML",
                    "settings": {
                        "idp": {
                            "entity_id": ENTITY_ID,
                            "sso_url": SSO_URL,
                            "x509cert": provider.cert_body,
                        },
                        "attribute_mapping": {
                            "uid": ["uid"],
                            "email": ["email"],
                            "email_verified": ["email_verified"],
                            "first_name": ["first_name"],
                            "last_name": ["last_name"],
                            "username": ["username"],
                        },
                        "advanced": {"strict": True, "want_assertion_signed": True},
                    },
                }
            ]
        }
    }
    return provider


def _signed_in_user(client):
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def test_the_login_page_offers_the_saml_identity_provider(client, db, idp):
    assert b"Sign in with Acme SAML" in client.get("/accounts/login/", HTTP_HOST=HOST).content


def test_a_saml_sign_in_provisions_the_user_with_the_mapped_role_and_follows_changes(
    client, db, idp
):
    response = sign_in(client, idp, groups=["ats-managers"], **GRACE)
    assert response.headers["Location"] == "/dashboard/"
    user = _signed_in_user(client)
    assert (user.username, user.email) == ("grace", "grace@example.com")
    assert role_names(user) == {"hiring_manager"}

    client.post("/accounts/logout/", HTTP_HOST=HOST)
    sign_in(client, idp, groups=["ats-recruiters"], **GRACE)
    same = _signed_in_user(client)
    assert same.pk == user.pk
    assert role_names(same) == {"recruiter"}


def test_a_saml_response_signed_with_another_key_is_refused(client, db, idp):
    idp.forge_with_another_key()
    response = sign_in(client, idp, groups=["ats-admins"], **GRACE)
    assert b"Third-Party Login Failure" in response.content
    assert _signed_in_user(client) is None
    assert not User.objects.filter(email="grace@example.com").exists()


def test_a_saml_user_in_no_mapped_group_is_refused(client, db, idp):
    response = sign_in(client, idp, groups=["sales"], **GRACE)
    assert response.status_code == 403
    assert _signed_in_user(client) is None
