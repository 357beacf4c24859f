"""A second factor with allauth.mfa: an authenticator app (TOTP) and recovery codes; who must
have one (TANDEM_MFA_REQUIRED); admins see who has one."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from accounts.models import AuditEvent
from tests.conftest import PASSWORD

SECRET_SESSION_KEY = "mfa.totp.secret"


def _sign_in(client, user):
    return client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})


@pytest.fixture
def turn_on_totp(client, django_capture_on_commit_callbacks):
    def turn_on(user) -> pyotp.TOTP:
        with django_capture_on_commit_callbacks(execute=True):
            return _turn_on_totp(client, user)

    return turn_on


def _turn_on_totp(client, user) -> pyotp.TOTP:
    """Sign in with the password and activate an authenticator app, as a person does."""
    _sign_in(client, user)
    confirm = client.get("/accounts/2fa/totp/activate/")  # allauth asks for the password again
    assert confirm.headers["Location"].startswith("/accounts/reauthenticate/")
    client.post(confirm.headers["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    totp = pyotp.TOTP(client.session[SECRET_SESSION_KEY])
    assert totp.secret.encode() in page.content  # shown to type into the app by hand
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp.now()})
    assert response.status_code == 302
    return totp


def _recovery_codes(user) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def test_an_admin_turns_on_totp_and_then_signs_in_with_password_and_code(
    client, turn_on_totp, admin_user
):
    totp = turn_on_totp(admin_user)
    assert AuditEvent.objects.filter(user=admin_user, kind=AuditEvent.Kind.MFA_ADDED).exists()
    client.post("/accounts/logout/")

    step_one = _sign_in(client, admin_user)
    assert step_one.headers["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert b"Incorrect code" in wrong.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(
        user=admin_user, kind=AuditEvent.Kind.SIGN_IN_FAILED, detail="wrong second-factor code"
    ).exists()

    code = totp.now()
    right = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert right.headers["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(admin_user.pk)

    # The same code cannot be replayed for another sign-in.
    client.post("/accounts/logout/")
    _sign_in(client, admin_user)
    replay = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_recovery_code_signs_in_once(client, turn_on_totp, admin_user):
    turn_on_totp(admin_user)
    code = _recovery_codes(admin_user)[0]
    for expected in ("/dashboard/", None):
        client.post("/accounts/logout/")
        _sign_in(client, admin_user)
        response = client.post("/accounts/2fa/authenticate/", {"code": code})
        if expected:
            assert response.headers["Location"] == expected
        else:
            assert response.status_code == 200
            assert "_auth_user_id" not in client.session
    assert code not in _recovery_codes(admin_user)


@pytest.mark.parametrize(
    ("policy", "persona", "sent_to_set_up"),
    [
        ("admins", "admin_user", True),
        ("admins", "recruiter", False),
        ("everyone", "recruiter", True),
        ("off", "admin_user", False),
    ],
)
def test_a_role_that_needs_a_second_factor_is_sent_to_set_one_up_first(
    client, request, settings, policy, persona, sent_to_set_up
):
    settings.TANDEM_MFA_REQUIRED = policy
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/dashboard/")
    if sent_to_set_up:
        assert response.headers["Location"] == "/accounts/2fa/totp/activate/"
        assert client.get("/admin/").headers["Location"] == "/accounts/2fa/totp/activate/"
    else:
        assert response.status_code == 200


def test_once_set_up_the_required_second_factor_lets_the_admin_through(
    client, turn_on_totp, admin_user, settings
):
    settings.TANDEM_MFA_REQUIRED = "admins"
    turn_on_totp(admin_user)
    assert client.get("/dashboard/").status_code == 200


def test_admins_see_in_django_admin_who_has_a_second_factor(
    client, turn_on_totp, admin_user, recruiter
):
    turn_on_totp(admin_user)
    with_mfa = client.get("/admin/auth/user/?mfa=yes")
    assert with_mfa.status_code == 200
    assert admin_user.username.encode() in with_mfa.content
    assert recruiter.username.encode() not in with_mfa.content
    without = client.get("/admin/auth/user/?mfa=no")
    assert recruiter.username.encode() in without.content
    assert b"second factor" in client.get("/admin/auth/user/").content


def test_the_admin_user_list_costs_the_same_queries_for_one_or_many_users(
    client, admin_user, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    client.force_login(admin_user)
    client.get("/admin/auth/user/")
    UserFactory.create_batch(20)
    with django_assert_max_num_queries(12):
        assert client.get("/admin/auth/user/").status_code == 200
