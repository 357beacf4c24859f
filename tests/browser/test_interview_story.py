"""The story of issue 6: the recruiter schedules the interview; the manager opens the kit and
submits a scorecard; the comparison shows it; an offer is made, approved, extended and accepted,
and the candidate is hired."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Page, expect

from notifications.models import OutboundMessage
from tests.factories import CandidateFactory, CriterionFactory, InterviewStageFactory
from tests.workflows.conftest import complete_screening
from workflows.applications.services import application_create, application_move
from workflows.models import Application, Interview, Offer

pytestmark = pytest.mark.browser


def _log_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def test_from_interview_to_hire(page: Page, live_server, demo_accounts, monkeypatch):
    from tests.factories import RequisitionFactory

    users = get_user_model().objects
    recruiter, manager = users.get(username="recruiter"), users.get(username="manager")
    requisition = RequisitionFactory(
        title="Data Engineer", status="open", recruiter=recruiter, hiring_manager=manager
    )
    criteria = [
        CriterionFactory(requisition=requisition, kind="must_have", name=name, order=n)
        for n, name in enumerate(["Python", "PostgreSQL", "Mentoring"])
    ]
    criteria[0].guidance = "Ask for a pipeline they built end to end."
    criteria[0].save()
    stage = InterviewStageFactory(
        requisition=requisition, name="Technical interview", interviewers=[manager]
    )
    stage.focus_areas.set(criteria[:2])
    ada = application_create(
        candidate=CandidateFactory(first_name="Ada", last_name="Lovelace"),
        requisition=requisition,
        by=recruiter,
    )
    application_move(application=ada, transition="screen", by=recruiter)
    complete_screening(ada, recruiter)
    application_move(application=ada, transition="shortlist", by=recruiter)
    application_move(application=ada, transition="accept", by=manager)
    app_url = f"{live_server.url}/applications/{ada.pk}/"

    # The recruiter schedules the technical interview (in a few minutes: a start in the past is
    # refused) and marks it held once it took place.
    _log_in(page, live_server, "recruiter")
    page.goto(app_url)
    page.get_by_role("button", name="Schedule an interview").click()
    start = timezone.localtime(timezone.now() + timedelta(minutes=10)).replace(second=0)
    page.get_by_label("Starts").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Location").fill("Room Lovelace")
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.get_by_text("Technical interview scheduled for")).to_be_visible()
    assert Interview.objects.get(application=ada).location == "Room Lovelace"
    assert OutboundMessage.objects.filter(
        template_key="interview_invitation", to_address=ada.candidate.email
    ).exists()
    expect(page.get_by_role("button", name="Mark held")).to_have_count(0)  # not started yet
    later = timezone.now() + timedelta(minutes=15)  # the interview has taken place
    monkeypatch.setattr("django.utils.timezone.now", lambda: later)
    page.reload()
    page.get_by_role("button", name="Mark held").click()
    expect(page.get_by_text("marked as held")).to_be_visible()
    # The offer is blocked until the manager's scorecard is in.
    expect(page.locator("#why-make_offer")).to_contain_text("blocking task")

    # The manager opens the kit from "My interviews" and submits the scorecard.
    _log_in(page, live_server, "manager")
    page.get_by_role("link", name="My interviews").click()
    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", name="Interview kit: Ada Lovelace")).to_be_visible()
    expect(page.get_by_text("Ask for a pipeline they built end to end.")).to_be_visible()
    expect(page.get_by_text("Solid; meets the must-haves.")).to_be_visible()
    page.get_by_role("button", name="My scorecard").click()
    page.locator("fieldset", has_text="Python (must-have)").get_by_label("Strong yes").check()
    page.locator("fieldset", has_text="PostgreSQL (must-have)").get_by_label(
        "Yes", exact=True
    ).check()
    page.locator("fieldset", has_text="Overall recommendation").get_by_label("Strong yes").check()
    page.get_by_label("Evidence and notes").fill("Built a CDC pipeline; clear trade-offs.")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard submitted. Thank you!")).to_be_visible()
    expect(page.get_by_role("button", name="Submit scorecard")).to_have_count(0)

    # The comparison shows it.
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/comparison/")
    row = page.locator(f"#compare-{ada.pk}")
    expect(row).to_contain_text("Strong yes")
    expect(row.locator("td").nth(0)).to_contain_text("4.0")
    expect(row.locator("td").nth(1)).to_contain_text("3.0")

    # The recruiter makes the offer and drafts it.
    _log_in(page, live_server, "recruiter")
    page.goto(app_url)
    page.get_by_role("button", name="Make an offer").click()
    expect(page.locator("#application-state")).to_have_text("Offer")
    page.get_by_role("button", name="Draft the offer").click()
    page.get_by_label("Yearly salary").fill("82000")
    page.get_by_label("Start date").fill("2031-07-01")
    page.get_by_role("button", name="Draft the offer").click()
    expect(
        page.get_by_text("Offer drafted; the hiring manager is asked to approve.")
    ).to_be_visible()
    offer = Offer.objects.get(application=ada)

    # The manager approves it.
    _log_in(page, live_server, "manager")
    page.goto(app_url)
    page.get_by_role("button", name="Approve the offer").click()
    expect(page.locator(f"#offer-status-{offer.pk}")).to_have_text("Approved")

    # The recruiter extends it; the candidate accepts; Ada is hired.
    _log_in(page, live_server, "recruiter")
    page.goto(app_url)
    page.get_by_role("button", name="Mark extended to the candidate").click()
    expect(page.locator(f"#offer-status-{offer.pk}")).to_have_text("Extended")
    page.get_by_role("button", name="The candidate accepted").click()
    expect(page.locator(f"#offer-status-{offer.pk}")).to_have_text("Accepted")
    expect(page.locator("#application-state")).to_have_text("Hired")
    assert Application.objects.get(pk=ada.pk).state == "hired"
    assert OutboundMessage.objects.filter(
        template_key="offer_accepted", to_address=ada.candidate.email
    ).exists()
    assert re.search(r"Hired", page.content())
