"""The recruiter and the hiring manager run the kick-off together, then the search opens."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{base}/dashboard/")


def test_recruiter_and_manager_fill_the_intake_and_the_recruiter_opens_the_search(
    browser, live_server, demo_accounts
):
    base = live_server.url
    recruiter = browser.new_page()
    manager = browser.new_page()
    for page in (recruiter, manager):
        page.set_default_timeout(10_000)

    # The recruiter creates the requisition and names `manager` as its HM.
    _log_in(recruiter, base, "recruiter")
    recruiter.get_by_role("link", name="Requisitions").click()
    recruiter.get_by_role("button", name="New requisition").click()
    recruiter.get_by_label("Title").fill("Site Reliability Engineer")
    recruiter.get_by_label("Department").fill("Engineering")
    recruiter.get_by_label("Location").fill("Berlin")
    recruiter.get_by_label("Hiring manager").select_option(label="Manu Manager")
    recruiter.get_by_role("button", name="Create requisition").click()
    expect(recruiter.get_by_role("heading", level=1)).to_contain_text("Site Reliability Engineer")
    detail_url = recruiter.url
    assert re.search(r"/requisitions/\d+/$", detail_url)

    # Trying to open it now shows what is missing.
    recruiter.get_by_role("button", name="Open the search").click()
    errors = recruiter.locator(".move-errors")
    expect(errors).to_contain_text("The search cannot open yet")
    expect(errors).to_contain_text("Add three must-haves")
    expect(errors).to_contain_text("Plan at least one interview stage.")
    expect(errors).to_contain_text("Hold the intake meeting and mark it as held.")

    # The recruiter writes the criteria (one must-have short first) and agrees the SLAs.
    recruiter.get_by_role("link", name="Intake", exact=True).click()
    names = ["Linux in production", "Incident response", "Infrastructure as code"]
    names += ["Kubernetes", "Go", "PostgreSQL"]
    for n, name in enumerate(names):
        if n != 2:
            recruiter.locator(f"#id_criteria-{n}-name").fill(name)
    recruiter.locator("#criteria").get_by_role("button", name="Save the intake").click()
    expect(recruiter.locator("#criteria")).to_contain_text("Add one more must-have.")
    expect(recruiter.locator("#id_criteria-3-name")).to_have_value("Kubernetes")
    recruiter.locator("#id_criteria-2-name").fill(names[2])
    recruiter.locator("#criteria").get_by_role("button", name="Save the intake").click()
    expect(recruiter.get_by_text("Criteria saved.")).to_be_visible()
    expect(recruiter.get_by_label("Recruiter first screening (hours)")).to_have_value("48")
    recruiter.get_by_role("button", name="Agree SLAs").click()
    expect(recruiter.get_by_text("SLAs agreed.")).to_be_visible()

    # The hiring manager plans the interview and records the meeting.
    _log_in(manager, base, "manager")
    manager.goto(detail_url)
    manager.get_by_role("link", name="Intake", exact=True).click()
    expect(manager.locator(".missing")).to_contain_text("Plan at least one interview stage.")
    manager.locator("#id_stages-0-name").fill("Systems design")
    manager.locator("#id_stages-0-interviewers").select_option(label=["Manu Manager"])
    stage = manager.locator("fieldset.stage").first
    stage.get_by_label("Linux in production").check()
    stage.get_by_label("Incident response").check()
    manager.locator("#plan").get_by_role("button", name="Save the intake").click()
    expect(manager.get_by_text("Interview plan saved.")).to_be_visible()
    yesterday = timezone.localtime() - timedelta(days=1)
    manager.get_by_label("Meeting date").fill(yesterday.strftime("%Y-%m-%dT10:00"))
    manager.get_by_label("Intake held").check()
    manager.get_by_label("Team responsibilities").fill("Keeps the platform up; on call.")
    manager.get_by_label("Target companies").fill("Grafana Labs\nCloudflare")
    manager.locator("#meeting").get_by_role("button", name="Save the intake").click()
    expect(manager.get_by_text("Intake meeting and sourcing strategy saved.")).to_be_visible()
    expect(manager.get_by_text("The intake is complete")).to_be_visible()
    expect(manager.get_by_role("button", name="Open the search")).to_have_count(0)

    # The recruiter opens the search.
    recruiter.goto(detail_url)
    expect(recruiter.get_by_text("The intake is complete")).to_be_visible()
    recruiter.get_by_role("button", name="Open the search").click()
    expect(recruiter.get_by_text("Site Reliability Engineer is now open.")).to_be_visible()
    expect(recruiter.locator("h1 .badge")).to_have_text("Open")
    expect(recruiter.locator(".event-log")).to_contain_text("Opened the search")
