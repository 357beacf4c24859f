"""When an application ends (rejected, withdrawn, hired), its open offers and scheduled
interviews end with it; offers and interviews do not move for a candidate in another stage."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from candidates.models import JournalEntry
from notifications.models import OutboundMessage
from tests.workflows.conftest import at, schedule
from workflows.applications.services import application_move
from workflows.interviews.services import interview_complete, interviews_complete_past
from workflows.models import Application, Offer
from workflows.offers.services import offer_actions, offer_create, offer_move


@pytest.fixture
def in_offer(application, advance):
    return advance(application, "offer")


def _draft(app, by):
    return offer_create(
        application=app,
        by=by,
        salary=Decimal("85000"),
        currency="EUR",
        start_date=datetime.date(2031, 7, 1),
    )


def test_rejecting_the_application_withdraws_its_open_offer(
    in_offer, recruiter, hiring_manager, reason
):
    offer = _draft(in_offer, recruiter)
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    application_move(application=in_offer, transition="reject", by=recruiter, reason=reason)
    offer.refresh_from_db()
    assert offer.status == "withdrawn" and not offer.is_open
    assert JournalEntry.objects.filter(summary__startswith="Offer withdrawn").exists()
    assert offer_actions(offer, recruiter) == []


def test_an_offer_does_not_move_once_the_candidate_left_the_offer_stage(
    interviewing, recruiter, hiring_manager
):
    # An open offer left behind on an application no longer in `offer` (older data).
    offer = Offer.objects.create(
        application=interviewing, salary=1, start_date=datetime.date(2031, 7, 1)
    )
    with pytest.raises(ValidationError, match="not in the offer stage"):
        offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer.refresh_from_db()
    assert offer.status == "draft"
    assert offer_actions(offer, hiring_manager) == []


def test_rejecting_an_interviewing_candidate_cancels_their_scheduled_interviews(
    interviewing, plan, recruiter, reason
):
    upcoming = schedule(interviewing, plan[0], at(2), recruiter)
    application_move(application=interviewing, transition="reject", by=recruiter, reason=reason)
    upcoming.refresh_from_db()
    assert upcoming.status == "cancelled"
    assert upcoming.cancel_reason == "The application was rejected."
    to_candidate = OutboundMessage.objects.get(template_key="interview_cancelled")
    assert to_candidate.to_address == interviewing.candidate.email
    assert OutboundMessage.objects.filter(template_key="interview_assignment_cancelled").exists()


def test_an_interview_is_not_held_for_a_candidate_no_longer_interviewing(
    interviewing, plan, recruiter
):
    past = schedule(interviewing, plan[0], at(-1), recruiter)
    Application.objects.filter(pk=interviewing.pk).update(state="rejected")  # older data
    with pytest.raises(ValidationError, match="no longer interviewing"):
        interview_complete(interview=past, by=recruiter)
    assert interviews_complete_past() == 0
    past.refresh_from_db()
    assert past.status == "scheduled"
