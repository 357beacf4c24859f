"""A busy pipeline in the browser: "show more" fills a column in place, a closed column loads
when opened, and a card that "show more" brought moves through its column's one form."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from candidates.models import Candidate
from tests.factories import RequisitionFactory
from workflows.models import Application

pytestmark = pytest.mark.browser


def _log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def _applications(requisition, state: str, count: int) -> list[Application]:
    candidates = Candidate.objects.bulk_create(
        Candidate(first_name=state.title(), last_name=f"{n:02d}", email=f"{state}{n}@example.org")
        for n in range(count)
    )
    apps = Application.objects.bulk_create(
        Application(candidate=candidate, requisition=requisition, state=state)
        for candidate in candidates
    )
    now = timezone.now()
    for n, app in enumerate(apps):  # the first one longest in the stage: the most urgent
        app.state_changed_at = now - timedelta(days=count - n)
    Application.objects.bulk_update(apps, ["state_changed_at"])
    return apps


def test_show_more_opens_closed_columns_and_moves_a_card_it_loaded(
    page: Page, live_server, demo_accounts
):
    recruiter = get_user_model().objects.get(username="recruiter")
    requisition = RequisitionFactory(status="open", recruiter=recruiter)
    applied = _applications(requisition, "applied", 30)
    hired = _applications(requisition, "hired", 3)

    _log_in(page, live_server, "recruiter")
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/pipeline/")
    column = page.locator("#cards-applied")
    expect(column.locator(".pipeline-card")).to_have_count(25)
    expect(page.locator('[data-count="applied"]')).to_have_text("30")

    column.get_by_role("link", name="Show more").click()
    expect(column.locator(".pipeline-card")).to_have_count(30)
    expect(column.get_by_role("link", name="Show more")).to_have_count(0)
    assert "stage=" not in page.url  # filled in place

    expect(page.locator(f"#card-{hired[0].pk}")).to_have_count(0)
    page.locator("#column-hired summary").click()
    expect(page.locator("#cards-hired .pipeline-card")).to_have_count(3)

    last = page.locator(f"#card-{applied[-1].pk}")
    last.get_by_role("button", name="Start screening").click()
    expect(
        page.get_by_text(f"{applied[-1].candidate}: start screening — now screening.")
    ).to_be_visible()
    expect(page.locator('[data-count="screening"]')).to_have_text("1")
    expect(page.locator('[data-count="applied"]')).to_have_text("29")
    assert Application.objects.get(pk=applied[-1].pk).state == "screening"
