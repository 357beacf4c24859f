import re

import pytest
from playwright.sync_api import Page, expect

from workflows.models import Application

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _apply(page: Page, live_server, tmp_path, *, name, email, permit: str, years: str):
    page.goto(f"{live_server.url}/jobs/")
    page.get_by_label("Search jobs").fill("backend")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Senior Backend Engineer").click()
    page.get_by_role("button", name="Apply for this job").click()

    first, last = name.split()
    page.get_by_label("First name").fill(first)
    page.get_by_label("Last name").fill(last)
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label("Phone").fill("+49 30 555 0100")
    resume = tmp_path / f"{first.lower()}.txt"
    resume.write_text(f"{name}: eight years of Python, Django and PostgreSQL.")
    page.get_by_label("Resume").set_input_files(str(resume))
    page.get_by_role("group", name="right to work").get_by_label(permit).check()
    page.get_by_label("How many years").fill(years)
    page.get_by_label("Berlin office").check()
    page.get_by_label("Which project").fill("A payments service that never lost a cent.")
    page.get_by_role("button", name="Send my application").click()


def test_candidates_apply_from_a_phone_and_see_the_same_confirmation(
    page: Page, live_server, demo_data, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    page.set_viewport_size(PHONE)

    _apply(
        page,
        live_server,
        tmp_path,
        name="Ada Lovelace",
        email="ada@example.org",
        permit="Yes",
        years="8",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — we have received your application"
    )
    expect(page.get_by_text("What happens next")).to_be_visible()
    # Nothing is wider than the phone's screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "applied.png"), full_page=True)
    confirmation = page.locator("main").inner_text()

    _apply(
        page,
        live_server,
        tmp_path,
        name="Bob Knocked",
        email="bob@example.org",
        permit="No",
        years="8",
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — we have received your application"
    )
    assert page.locator("main").inner_text() == confirmation

    states = dict(
        Application.objects.filter(
            candidate__email__in=["ada@example.org", "bob@example.org"]
        ).values_list("candidate__email", "state")
    )
    assert states == {"ada@example.org": "applied", "bob@example.org": "rejected"}
