"""Password reset by email: through the outbox and the worker, the same answer for an unknown
address, a link that works once, throttled."""

import re

from notifications.models import OutboundMessage
from tests.conftest import PASSWORD

NEW_PASSWORD = "a brand new passphrase 2026"


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'(X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', b"", html)


def _ask_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/accounts/password/reset/", {"email": email}, follow=True)


def test_the_reset_email_is_queued_in_the_outbox_and_delivered_by_the_worker(
    client, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    response = _ask_reset(client, recruiter.email, django_capture_on_commit_callbacks)
    assert response.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    message = OutboundMessage.objects.get(to_address=recruiter.email)
    assert message.template_key == "account_password_reset"
    assert message.status == OutboundMessage.Status.SENT
    assert len(mailoutbox) == 1
    assert "http://127.0.0.1:8000/accounts/password/reset/key/" in mailoutbox[0].body


def test_an_unknown_address_gets_the_same_page_and_no_email(
    client, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    known = _ask_reset(client, recruiter.email, django_capture_on_commit_callbacks)
    unknown = _ask_reset(client, "nobody@example.com", django_capture_on_commit_callbacks)
    assert unknown.redirect_chain == known.redirect_chain
    assert _without_csrf(unknown.content) == _without_csrf(known.content)
    assert not OutboundMessage.objects.filter(to_address="nobody@example.com").exists()
    assert len(mailoutbox) == 1


def test_the_reset_link_works_once(client, recruiter, django_capture_on_commit_callbacks):
    _ask_reset(client, recruiter.email, django_capture_on_commit_callbacks)
    body = OutboundMessage.objects.get(to_address=recruiter.email).text_body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", body).group(1)
    form_page = client.get(link, follow=True)
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.headers["Location"] == "/accounts/password/reset/key/done/"
    recruiter.refresh_from_db()
    assert recruiter.check_password(NEW_PASSWORD)

    again = client.get(link, follow=True)
    assert b"Bad Token" in again.content
    assert b'name="password1"' not in again.content


def test_twenty_reset_requests_in_a_minute_are_throttled(client, recruiter):
    answers = [
        client.post("/accounts/password/reset/", {"email": f"someone{i}@example.com"}).status_code
        for i in range(21)
    ]
    assert answers[:20] == [302] * 20
    assert answers[20] == 429


def test_a_user_signs_in_with_the_new_password_after_a_reset(
    client, recruiter, django_capture_on_commit_callbacks
):
    _ask_reset(client, recruiter.email, django_capture_on_commit_callbacks)
    body = OutboundMessage.objects.get(to_address=recruiter.email).text_body
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", body).group(1)
    set_password_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    old = client.post("/accounts/login/", {"login": recruiter.username, "password": PASSWORD})
    assert old.status_code == 200
    new = client.post("/accounts/login/", {"login": recruiter.username, "password": NEW_PASSWORD})
    assert new.headers["Location"] == "/dashboard/"


def test_no_reset_link_goes_to_someone_who_must_use_single_sign_on(
    client, recruiter, admin_user, settings, django_capture_on_commit_callbacks
):
    settings.TANDEM_SSO_REQUIRED = True
    settings.TANDEM_BREAK_GLASS_USERNAME = admin_user.username
    response = _ask_reset(client, recruiter.email, django_capture_on_commit_callbacks)
    assert response.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    assert not OutboundMessage.objects.filter(to_address=recruiter.email).exists()
    _ask_reset(client, admin_user.email, django_capture_on_commit_callbacks)
    assert OutboundMessage.objects.filter(to_address=admin_user.email).exists()


def test_a_new_email_address_gets_a_confirmation_link_through_the_outbox(
    client, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    client.post("/accounts/login/", {"login": recruiter.username, "password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/email/", {"action_add": "", "email": "rita.new@example.com"}
        )
    assert response.status_code == 302
    message = OutboundMessage.objects.get(to_address="rita.new@example.com")
    assert message.template_key == "account_notice"
    assert "/accounts/confirm-email/" in message.text_body
    assert mailoutbox[0].to == ["Rita Recruiter <rita.new@example.com>"]
