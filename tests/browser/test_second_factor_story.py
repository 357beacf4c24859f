"""An admin turns on an authenticator app, signs out, signs in with password + code; a wrong code
is refused; a recovery code works once (pyotp computes the codes, as the phone would)."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

PASSWORD = "tandem-demo"


def _log_in(page: Page, url: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def _log_out(page: Page) -> None:
    page.locator("details.dropdown summary").click()
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def _second_factor(page: Page, code: str) -> None:
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()


def test_an_admin_turns_on_totp_and_signs_in_with_a_code_or_a_recovery_code_once(
    page: Page, live_server, demo_accounts
):
    url = live_server.url
    _log_in(page, url)
    expect(page).to_have_url(f"{url}/dashboard/")

    page.locator("details.dropdown summary").click()
    page.get_by_role("link", name="Two-factor authentication").click()
    page.get_by_role("button", name="Activate").click()
    page.get_by_label("Password").fill(PASSWORD)  # allauth asks for the password again
    page.get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    totp = pyotp.TOTP(secret)
    page.get_by_label("Authenticator code").fill(totp.now())
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_text("Unused codes")).to_be_visible()
    _log_out(page)

    _log_in(page, url)
    _second_factor(page, "123456" if totp.now() != "123456" else "654321")
    expect(page.get_by_role("alert")).to_contain_text("Incorrect code")
    _second_factor(page, totp.now())
    expect(page).to_have_url(f"{url}/dashboard/")
    _log_out(page)

    admin = Authenticator.objects.get(user__username="admin", type="recovery_codes")
    recovery_code = RecoveryCodes(admin).get_unused_codes()[0]
    _log_in(page, url)
    _second_factor(page, recovery_code)
    expect(page).to_have_url(f"{url}/dashboard/")
    _log_out(page)

    _log_in(page, url)
    _second_factor(page, recovery_code)
    expect(page.get_by_role("alert")).to_contain_text("Incorrect code")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
