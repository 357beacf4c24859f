"""Milestones 5-7: interview invitations (.ics), feedback prompts and follow-ups, offer updates.

Each: who gets it, which template, what it says (and the .ics), the journal entry, and exactly once
when the event runs twice.
"""

import datetime
from decimal import Decimal

import pytest
from icalendar import Calendar

from candidates.models import JournalEntry
from notifications.models import OutboundMessage
from tests.workflows.conftest import at, schedule
from workflows.interviews.services import (
    Slot,
    interview_cancel,
    interview_complete,
    interview_reschedule,
)
from workflows.offers.services import offer_create, offer_move


def _messages(template_key):
    return list(OutboundMessage.objects.filter(template_key=template_key).order_by("queued_at"))


def attendees_of(event) -> set[str]:
    found = event["ATTENDEE"]
    return {str(address) for address in (found if isinstance(found, list) else [found])}


def _ics(message):
    (attachment,) = message.attachments
    assert attachment["mimetype"] == "text/calendar"
    calendar = Calendar.from_ical(attachment["content"])
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def test_scheduling_invites_the_candidate_with_an_ics_and_sends_the_preparation_once(
    interviewing, plan, recruiter, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = schedule(
            interviewing,
            plan[0],
            at(2),
            recruiter,
            video_link="https://meet.example.com/grace",
            preparation_notes="Bring a laptop.",
        )
    (invitation,) = _messages("interview_invitation")
    candidate = interviewing.candidate
    assert invitation.to_address == candidate.email
    assert "Technical interview" in invitation.text_body
    assert "https://meet.example.com/grace" in invitation.text_body
    assert "Hank Manager" in invitation.text_body
    calendar, event = _ics(invitation)
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == interview.ics_uid and event["SEQUENCE"] == 0
    assert f"mailto:{candidate.email}" in attendees_of(event)
    (preparation,) = _messages("interview_preparation")
    assert preparation.to_address == candidate.email
    assert "Python" in preparation.text_body and "PostgreSQL" in preparation.text_body
    assert "Bring a laptop." in preparation.text_body
    journal = JournalEntry.objects.filter(kind="email", candidate=candidate)
    assert {entry.message for entry in journal} == {invitation, preparation}
    sent = {(mail.to[0].rsplit("<")[-1].rstrip(">"), mail.subject) for mail in mailoutbox}
    assert (candidate.email, invitation.subject) in sent
    ics_mail = next(mail for mail in mailoutbox if mail.subject == invitation.subject)
    assert ics_mail.attachments[0][0] == "interview.ics"


def test_each_interviewer_gets_their_ics_and_the_kit_link(
    interviewing, plan, recruiter, hiring_manager
):
    interview = schedule(interviewing, plan[1], at(2), recruiter)
    messages = _messages("interview_assignment")
    assert {message.to_address for message in messages} == {
        hiring_manager.email,
        recruiter.email,
    }
    for message in messages:
        assert f"/interviews/{interview.pk}/kit/" in message.text_body
        assert "Grace Hopper" in message.subject
        _calendar, event = _ics(message)
        assert str(event["UID"]) == interview.ics_uid
        assert f"mailto:{message.to_address}" in attendees_of(event)
        assert message.concerns_candidate == interviewing.candidate_id


def test_a_reschedule_sends_updated_invitations_with_a_higher_sequence_once(
    interviewing, plan, recruiter, hiring_manager
):
    from tests.factories import UserFactory

    engineer = UserFactory(first_name="Ivy", last_name="Engineer", email="ivy@example.com")
    plan[0].interviewers.add(engineer)
    interview = schedule(interviewing, plan[0], at(2), recruiter, interviewers=[engineer])
    interview_reschedule(
        interview=interview, slot=Slot(starts_at=at(3), interviewers=[hiring_manager]), by=recruiter
    )
    invitations = _messages("interview_invitation")
    assert len(invitations) == 2
    sequences = [_ics(message)[1]["SEQUENCE"] for message in invitations]
    uids = {str(_ics(message)[1]["UID"]) for message in invitations}
    assert sequences == [0, 1] and uids == {interview.ics_uid}
    (moved,) = [
        m for m in _messages("interview_assignment") if m.to_address == hiring_manager.email
    ]
    assert moved.subject.startswith("Moved: ")
    assert _ics(moved)[1]["SEQUENCE"] == 1
    # Ivy was taken off it: her calendar gets the cancellation.
    (dropped,) = _messages("interview_assignment_cancelled")
    assert dropped.to_address == engineer.email
    calendar, event = _ics(dropped)
    assert calendar["METHOD"] == "CANCEL" and str(event["UID"]) == interview.ics_uid
    # The preparation email went once for the interview.
    assert len(_messages("interview_preparation")) == 1


def test_a_cancel_sends_method_cancel_to_the_candidate_and_the_interviewers(
    interviewing, plan, recruiter, hiring_manager
):
    interview = schedule(interviewing, plan[1], at(2), recruiter)
    interview_cancel(interview=interview, by=recruiter)
    (to_candidate,) = _messages("interview_cancelled")
    assert to_candidate.to_address == interviewing.candidate.email
    calendar, event = _ics(to_candidate)
    assert calendar["METHOD"] == "CANCEL"
    assert (str(event["UID"]), event["SEQUENCE"]) == (interview.ics_uid, 1)
    assert JournalEntry.objects.filter(message=to_candidate).exists()
    assert {m.to_address for m in _messages("interview_assignment_cancelled")} == {
        hiring_manager.email,
        recruiter.email,
    }


def test_completion_prompts_each_interviewer_at_once_and_follows_up_with_the_candidate_once(
    interviewing, plan, requisition, recruiter, hiring_manager
):
    from requisitions.models import ServiceLevel

    ServiceLevel.objects.create(requisition=requisition, duty="candidate_update", hours=72)
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    interview_complete(interview=interview, by=None)
    interview_complete(interview=interview, by=recruiter)  # the event again: nothing new
    prompts = _messages("feedback_prompt")
    assert {m.to_address for m in prompts} == {hiring_manager.email, recruiter.email}
    for prompt in prompts:
        assert f"/interviews/{interview.pk}/scorecard/" in prompt.text_body
        assert "Grace Hopper" in prompt.subject
    (follow_up,) = _messages("interview_follow_up")
    assert follow_up.to_address == interviewing.candidate.email
    assert "Team conversation" in follow_up.text_body
    assert "within 3 days" in follow_up.text_body
    assert JournalEntry.objects.get(message=follow_up).kind == "email"


@pytest.fixture
def offer(application, advance, recruiter):
    app = advance(application, "offer")
    return offer_create(
        application=app,
        by=recruiter,
        salary=Decimal("85000"),
        currency="EUR",
        start_date=datetime.date(2031, 7, 1),
        notes="Hybrid, two days in Berlin.",
    )


def test_each_offer_change_tells_both_the_hm_and_the_recruiter_as_the_email_promises(
    offer, recruiter, hiring_manager
):
    drafted = _messages("offer_update")
    assert sorted(m.to_address for m in drafted) == sorted([hiring_manager.email, recruiter.email])
    assert all("draft" in m.subject for m in drafted)
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    approved = [m for m in _messages("offer_update") if "approved" in m.subject]
    assert sorted(m.to_address for m in approved) == sorted([hiring_manager.email, recruiter.email])
    assert f"/applications/{offer.application_id}/" in approved[0].text_body


def test_extending_writes_to_the_candidate_once_with_the_offer(offer, recruiter, hiring_manager):
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer_move(offer=offer, transition="extend", by=recruiter)
    (extended,) = _messages("offer_extended")
    candidate = offer.application.candidate
    assert extended.to_address == candidate.email
    assert "85,000 EUR a year, starting 1 July 2031" in extended.text_body
    assert "Hybrid, two days in Berlin." in extended.text_body
    assert JournalEntry.objects.get(message=extended).candidate == candidate
    extended_updates = [m for m in _messages("offer_update") if "extended" in m.subject]
    assert sorted(m.to_address for m in extended_updates) == sorted(
        [hiring_manager.email, recruiter.email]
    )


def test_accepting_welcomes_the_candidate(offer, recruiter, hiring_manager):
    offer_move(offer=offer, transition="approve", by=hiring_manager)
    offer_move(offer=offer, transition="extend", by=recruiter)
    offer_move(offer=offer, transition="accept", by=recruiter)
    (accepted,) = _messages("offer_accepted")
    assert accepted.to_address == offer.application.candidate.email
    assert "Tuesday 1 July 2031" in accepted.text_body
    assert "Hank Manager" in accepted.text_body
    assert JournalEntry.objects.filter(message=accepted).exists()


def test_the_candidates_invitation_names_the_interviewers_and_every_ics_lists_all_attendees(
    interviewing, plan, recruiter, hiring_manager
):
    schedule(interviewing, plan[1], at(2), recruiter)  # the stage with two interviewers
    candidate = interviewing.candidate
    everyone = {
        f"mailto:{email}" for email in (candidate.email, hiring_manager.email, recruiter.email)
    }
    (invitation,) = _messages("interview_invitation")
    assert "Hank Manager" in invitation.text_body
    _, event = _ics(invitation)
    assert attendees_of(event) == everyone
    assert "Hank Manager" in str(event["DESCRIPTION"])
    for assignment in _messages("interview_assignment"):
        _, event = _ics(assignment)
        assert attendees_of(event) == everyone
