"""The dashboards and reports from the demo data, in a browser; with TANDEM_SCREENSHOTS=1 the
screenshots shown in the README are written to docs/screenshots/ (normal runs leave them)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _log_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def _shot(page: Page, name: str) -> None:
    if os.environ.get("TANDEM_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_recruiter_and_the_manager_start_their_day_and_read_the_reports(
    page: Page, live_server, demo_data
):
    page.set_viewport_size({"width": 1280, "height": 900})
    _log_in(page, live_server, "recruiter")
    expect(page.get_by_role("heading", name="As recruiter")).to_be_visible()
    board = page.locator("#communication-board")
    expect(board).to_be_visible()
    expect(board.locator("tbody tr").first).to_be_visible()
    expect(page.locator("#recruiter-requisitions-table")).to_contain_text("Visual Designer")
    _shot(page, "recruiter-dashboard")

    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    for title in ["Time to fill and time to hire", "The hiring agreement", "Calibration"]:
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("#calibration .nudge").first).to_contain_text("Revisit the intake")
    expect(page.locator("svg.bar-chart rect").first).to_be_visible()
    _shot(page, "reports")

    with page.expect_download() as download:
        page.locator("#funnel").get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.startswith("tandem-funnel-")

    page.get_by_label("Department").select_option("Design")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#calibration-table")).not_to_contain_text("Data Engineer")

    _log_in(page, live_server, "manager")
    expect(page.get_by_role("heading", name="As hiring manager")).to_be_visible()
    expect(page.locator("#review-queue tbody tr").first).to_be_visible()
    expect(page.locator("#sla-summary")).to_contain_text("duties done on time")
    _shot(page, "manager-dashboard")
