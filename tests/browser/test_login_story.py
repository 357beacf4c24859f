import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_demo_recruiter_logs_in_and_lands_on_the_dashboard(page: Page, live_server, demo_accounts):
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/"))
    page.get_by_label("Username").fill("recruiter")
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rita")
    expect(page.get_by_text("signed in as Recruiter")).to_be_visible()


def test_a_wrong_password_is_explained_on_the_login_page(page: Page, live_server, demo_accounts):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("recruiter")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page.get_by_label("Username")).to_have_value("recruiter")
