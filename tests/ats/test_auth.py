import pytest
from django.test import override_settings

from tests.conftest import PASSWORD


def test_login_page_is_in_tandems_own_look(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b"Log in to Tandem" in response.content
    assert b"vendor/pico/pico.min.css" in response.content


def test_a_recruiter_logs_in_and_lands_on_the_dashboard(client, recruiter):
    response = client.post(
        "/accounts/login/", {"username": recruiter.username, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert b"Recruiter" in response.content


def test_a_wrong_password_shows_an_error_and_keeps_the_username(client, recruiter):
    response = client.post("/accounts/login/", {"username": recruiter.username, "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert f'value="{recruiter.username}"'.encode() in response.content


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_account_out_even_with_the_right_password(
    client, recruiter
):
    for _ in range(3):
        client.post("/accounts/login/", {"username": recruiter.username, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": recruiter.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_lockout_of_one_user_does_not_lock_out_another(client, recruiter, hiring_manager):
    for _ in range(3):
        client.post("/accounts/login/", {"username": recruiter.username, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": hiring_manager.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, recruiter):
    client.force_login(recruiter)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.headers["Location"] == "/accounts/login/"
    assert client.get("/dashboard/").status_code == 302


def test_password_change_rejects_a_weak_password_and_accepts_a_good_one(client, recruiter):
    client.force_login(recruiter)
    weak = client.post(
        "/accounts/password_change/",
        {"oldpassword": PASSWORD, "password1": "123", "password2": "123"},
    )
    assert weak.status_code == 200
    assert b"This password is too short" in weak.content
    good = client.post(
        "/accounts/password_change/",
        {
            "oldpassword": PASSWORD,
            "password1": "a better passphrase 2026",
            "password2": "a better passphrase 2026",
        },
    )
    assert good.headers["Location"] == "/accounts/password_change/done/"
    recruiter.refresh_from_db()
    assert recruiter.check_password("a better passphrase 2026")


@pytest.mark.parametrize(
    ("persona", "sees_admin_link"),
    [("recruiter", False), ("hiring_manager", False), ("admin_user", True)],
)
def test_navigation_fits_the_role(client, request, persona, sees_admin_link):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert (b'href="/admin/"' in response.content) is sees_admin_link


def test_footer_shows_the_version(client, recruiter):
    client.force_login(recruiter)
    assert b"Tandem 0.1.0" in client.get("/dashboard/").content
