import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_recruiter_searches_the_database_and_notes_a_conversation(
    page: Page, live_server, demo_data, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("recruiter")
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Candidates").click()
    page.get_by_label("Search", exact=True).fill("kubernetes terraform")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".match-reasons mark").first).to_be_visible()
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    page.locator(".candidate-results a").first.click()
    page.get_by_label("Note").fill("Called about the platform role\nKeen, notice period 2 months.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_contain_text("Note added")
    expect(page.locator(".journal-entry").first).to_contain_text("Called about the platform role")
