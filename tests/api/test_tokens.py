"""Personal API tokens: made and revoked on the settings page or by command, stored hashed,
refused once revoked or expired or when their user is deactivated; write scope for writes."""

import hashlib
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke

USERS = "/api/v1/users/"


def bearer(secret: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_only_the_sha256_of_the_secret_is_stored(recruiter):
    token, secret = api_token_create(user=recruiter, name="sync")
    assert secret.startswith("tdm_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in str(row.values())
    assert secret.startswith(row["prefix"]) and len(row["prefix"]) == 10


def test_a_valid_token_authenticates_and_records_its_last_use(recruiter):
    token, secret = api_token_create(user=recruiter, name="sync")
    response = bearer(secret).get(USERS)
    assert response.status_code == 200
    assert recruiter.username in {row["username"] for row in response.json()["results"]}
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_no_token_is_a_401_that_names_the_scheme_not_a_login_redirect(db):
    response = APIClient().get(USERS)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda token: api_token_revoke(token=token), id="revoked"),
        pytest.param(
            lambda token: ApiToken.objects.filter(pk=token.pk).update(
                expires_at=timezone.now() - timedelta(seconds=1)
            ),
            id="expired",
        ),
        pytest.param(
            lambda token: type(token.user).objects.filter(pk=token.user_id).update(is_active=False),
            id="user-deactivated",
        ),
    ],
)
def test_a_revoked_expired_or_deactivated_users_token_is_refused(recruiter, spoil):
    token, secret = api_token_create(user=recruiter, name="sync")
    assert bearer(secret).get(USERS).status_code == 200
    spoil(token)
    response = bearer(secret).get(USERS)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid, expired or revoked token."


def test_an_unknown_or_malformed_token_is_refused(db):
    assert bearer("tdm_not-a-token").get(USERS).status_code == 401
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two words")
    assert client.get(USERS).status_code == 401


def test_a_read_token_may_not_write_a_write_token_may(recruiter, api_for):
    refused = api_for(recruiter).post(USERS, {})
    assert refused.status_code == 403
    assert "read-only" in refused.json()["detail"]
    # The write token passes the scope check and reaches the view (users are read-only: 405).
    assert api_for(recruiter, write=True).post(USERS, {}).status_code == 405


# --- the settings page ----------------------------------------------------------------------


def test_tokens_page_requires_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_making_a_token_shows_its_secret_once(client_for, recruiter):
    client = client_for(recruiter)
    response = client.post(
        reverse("api:tokens"), {"name": "HR sync", "scope": "write", "expires_in": "30"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=recruiter)
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert token.name == "HR sync" and token.scope == "write"
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    again = client.get(reverse("api:tokens")).content.decode()
    assert secret not in again and token.prefix in again and "HR sync" in again
    assert bearer(secret).get(USERS).status_code == 200


def test_a_token_without_a_name_is_refused_next_to_the_field(client_for, recruiter):
    response = client_for(recruiter).post(reverse("api:tokens"), {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert "Name the token" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_lists_only_ones_own_tokens(client_for, recruiter, hiring_manager):
    api_token_create(user=hiring_manager, name="managers-secret-script")
    api_token_create(user=recruiter, name="recruiters-sync")
    page = client_for(recruiter).get(reverse("api:tokens")).content.decode()
    assert "recruiters-sync" in page and "managers-secret-script" not in page


def test_revoking_ones_token_ends_it(client_for, recruiter):
    token, secret = api_token_create(user=recruiter, name="sync")
    response = client_for(recruiter).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(secret).get(USERS).status_code == 401


def test_nobody_revokes_anothers_token_from_the_page(client_for, recruiter, hiring_manager):
    token, _ = api_token_create(user=hiring_manager, name="theirs")
    client = client_for(recruiter)
    assert client.post(reverse("api:token-revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("api:token-revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_admin_sees_and_revokes_every_users_tokens(client_for, admin_user, hiring_manager):
    token, secret = api_token_create(user=hiring_manager, name="managers-script")
    client = client_for(admin_user)
    changelist = reverse("admin:api_apitoken_changelist")
    page = client.get(changelist).content.decode()
    assert "managers-script" in page and token.token_hash not in page
    response = client.post(
        changelist, {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "1 token(s) revoked." in response.content.decode()
    assert bearer(secret).get(USERS).status_code == 401


# --- the command ----------------------------------------------------------------------------


def test_command_prints_a_read_token_by_default_and_a_write_token_when_asked(recruiter, capsys):
    call_command("api_token_create", "--user", recruiter.username)
    read_secret = capsys.readouterr().out.strip()
    call_command("api_token_create", "--user", recruiter.username, "--write")
    write_secret = capsys.readouterr().out.strip()
    tokens = {t.scope: t for t in ApiToken.objects.filter(user=recruiter)}
    assert set(tokens) == {"read", "write"}
    assert bearer(read_secret).get(USERS).status_code == 200
    assert bearer(read_secret).post(USERS, {}).status_code == 403
    assert bearer(write_secret).post(USERS, {}).status_code == 405


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("api_token_create", "--user", "nobody")
