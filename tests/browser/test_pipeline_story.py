"""The story of issue 5: the recruiter screens and shortlists; the HM reviews, accepts, declines."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from candidates.models import JournalEntry
from tests.factories import (
    CandidateFactory,
    CriterionFactory,
    DispositionReasonFactory,
    RequisitionFactory,
)
from tests.workflows.conftest import complete_screening
from workflows.applications.services import application_create, application_move
from workflows.models import Application

pytestmark = pytest.mark.browser


def _log_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("tandem-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(f"{live_server.url}/dashboard/")


def test_recruiter_screens_and_shortlists_then_the_manager_accepts_one_and_declines_another(
    page: Page, live_server, demo_accounts
):
    users = get_user_model().objects
    recruiter, manager = users.get(username="recruiter"), users.get(username="manager")
    DispositionReasonFactory(group="we_declined", label="Skills do not match the must-haves")
    requisition = RequisitionFactory(
        title="Platform Engineer", status="open", recruiter=recruiter, hiring_manager=manager
    )
    for order, name in enumerate(["Python", "PostgreSQL", "Mentoring"]):
        CriterionFactory(requisition=requisition, kind="must_have", name=name, order=order)
    ada = application_create(
        candidate=CandidateFactory(first_name="Ada", last_name="Lovelace"),
        requisition=requisition,
        by=recruiter,
    )
    bob = application_create(
        candidate=CandidateFactory(first_name="Bob", last_name="Builder"),
        requisition=requisition,
        by=recruiter,
    )
    application_move(application=bob, transition="screen", by=recruiter)
    complete_screening(bob, recruiter, rating=2)
    application_move(application=bob, transition="shortlist", by=recruiter)

    # The recruiter starts screening Ada from the pipeline (an HTMX move, in place).
    _log_in(page, live_server, "recruiter")
    page.goto(f"{live_server.url}/requisitions/{requisition.pk}/pipeline/")
    card = page.locator(f"#card-{ada.pk}")
    card.get_by_role("button", name="Start screening").click()
    expect(page.locator('[data-count="screening"]')).to_have_text("1")
    expect(page.get_by_text("Ada Lovelace: start screening — now screening.")).to_be_visible()

    # Shortlisting is blocked until the screening form is complete, and the card says why.
    card = page.locator(f"#card-{ada.pk}")
    expect(card.get_by_role("button", name="Shortlist for the hiring manager")).to_be_disabled()
    expect(card.get_by_text("Complete the screening form first.")).to_be_visible()

    # She completes the form (the browser itself asks for a required rating left empty).
    card.get_by_role("link", name="Ada Lovelace").click()
    page.get_by_role("button", name="Fill in the screening form").click()
    page.get_by_label(re.compile("“Python”")).select_option("5")
    page.get_by_label(re.compile("“PostgreSQL”")).select_option("4")
    page.get_by_label("Summary for the hiring manager").fill("Deep Python, runs Postgres.")
    page.get_by_role("button", name="Complete screening").click()
    expect(page).to_have_url(re.compile(rf"/applications/{ada.pk}/screening/$"))
    page.get_by_label(re.compile("“Mentoring”")).select_option("4")
    page.get_by_role("button", name="Complete screening").click()
    expect(page.get_by_text("Screening of Ada Lovelace completed.")).to_be_visible()
    page.get_by_role("button", name="Shortlist for the hiring manager").click()
    expect(page.locator("#application-state")).to_have_text("Shortlisted")

    # The manager reviews the shortlist side by side, accepts Ada and declines Bob.
    _log_in(page, live_server, "manager")
    page.get_by_role("link", name="Review").click()
    expect(page.get_by_role("heading", name="Shortlist review")).to_be_visible()
    ada_row, bob_row = page.locator(f"#review-{ada.pk}"), page.locator(f"#review-{bob.pk}")
    expect(ada_row).to_contain_text("Deep Python, runs Postgres.")
    expect(ada_row.locator("td").first).to_contain_text("5/5")
    ada_row.get_by_role("button", name="Accept to interview").click()
    expect(
        page.get_by_text("Ada Lovelace: accept to interview — now interviewing.")
    ).to_be_visible()

    bob_row = page.locator(f"#review-{bob.pk}")
    bob_row.get_by_text("Decline…").click()
    bob_row.get_by_label("Disposition reason").select_option(
        label="Skills do not match the must-haves"
    )
    bob_row.get_by_label("Your feedback for the recruiter").fill("Needs more database depth.")
    bob_row.get_by_role("button", name="Decline").click()
    expect(page.get_by_text("Bob Builder: decline — now rejected.")).to_be_visible()
    expect(page.locator(f"#review-{ada.pk}")).to_have_count(0)
    expect(page.locator(f"#review-{bob.pk}")).to_have_count(0)

    assert Application.objects.get(pk=ada.pk).state == "interviewing"
    assert Application.objects.get(pk=bob.pk).state == "rejected"
    feedback = JournalEntry.objects.get(kind="feedback", candidate=bob.candidate)
    assert feedback.body == "Needs more database depth."
