"""Signing in with django-allauth at /accounts/login/: a username or an email address."""

from accounts.models import AuditEvent
from tests.conftest import PASSWORD


def test_the_login_page_offers_a_password_reset(client, db):
    response = client.get("/accounts/login/")
    assert b'href="/accounts/password/reset/"' in response.content
    assert b"Forgot password?" in response.content
    assert b"Username or email" in response.content


def test_a_user_signs_in_with_their_email_address(client, recruiter):
    response = client.post(
        "/accounts/login/", {"login": recruiter.email.upper(), "password": PASSWORD}
    )
    assert response.headers["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(recruiter.pk)


def test_a_sign_in_and_a_failed_one_are_in_the_audit_log(client, recruiter):
    client.post("/accounts/login/", {"login": recruiter.username, "password": "wrong"})
    client.post("/accounts/login/", {"login": recruiter.username, "password": PASSWORD})
    kinds = list(
        AuditEvent.objects.filter(username=recruiter.username)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [AuditEvent.Kind.SIGN_IN_FAILED, AuditEvent.Kind.SIGNED_IN]


def test_a_deactivated_user_cannot_sign_in_with_the_right_password(client, recruiter):
    recruiter.is_active = False
    recruiter.save()
    client.post("/accounts/login/", {"login": recruiter.username, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_signing_up_is_closed_admins_create_accounts(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "username": "new", "password1": "x" * 12},
    )
    assert b"Sign Up Closed" in response.content
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username="new").exists()


def test_when_sso_is_required_only_the_break_glass_admin_signs_in_with_a_password(
    client, recruiter, admin_user, settings
):
    settings.TANDEM_SSO_REQUIRED = True
    settings.TANDEM_BREAK_GLASS_USERNAME = admin_user.username
    refused = client.post("/accounts/login/", {"login": recruiter.username, "password": PASSWORD})
    assert refused.status_code == 403
    assert b"single sign-on" in refused.content
    assert "_auth_user_id" not in client.session
    allowed = client.post("/accounts/login/", {"login": admin_user.username, "password": PASSWORD})
    assert allowed.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_the_login_page_costs_no_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/accounts/login/").status_code == 200


def test_an_empty_login_form_says_what_is_missing_next_to_the_fields(client, db):
    response = client.post("/accounts/login/", {"login": "", "password": ""})
    assert response.status_code == 200
    assert response.content.count(b'class="field-error" role="alert">This field is required') == 2
