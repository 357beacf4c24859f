"""Scheduling interviews: validation, double booking, calendar files, completion and the sweep."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from icalendar import Calendar

from candidates.models import JournalEntry
from tests.factories import CandidateFactory, HiringManagerFactory, UserFactory
from tests.workflows.conftest import at, rate_all, schedule
from workflows.applications.services import TransitionBlocked, application_create, application_move
from workflows.interviews.services import (
    Slot,
    interview_cancel,
    interview_complete,
    interview_mark_no_show,
    interview_reschedule,
    interviews_complete_past,
)
from workflows.models import Interview, Task


def _event(ics: str):
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


# --- scheduling ----------------------------------------------------------------------------------


def test_scheduling_takes_the_stage_interviewers_and_duration_by_default(
    interviewing, plan, recruiter, hiring_manager
):
    team = plan[1]
    interview = schedule(interviewing, team, at(2), recruiter, video_link="https://meet.example/x")
    assert set(interview.interviewers.all()) == {hiring_manager, recruiter}
    assert interview.ends_at - interview.starts_at == timedelta(minutes=45)
    assert interview.status == "scheduled"
    assert interview.ics_sequence == 0 and interview.ics_uid.endswith("@tandem")
    entry = JournalEntry.objects.get(summary__startswith="Interview scheduled")
    assert entry.actor == recruiter and "Team conversation" in entry.summary


def test_an_interview_must_end_after_it_starts(interviewing, plan, recruiter):
    with pytest.raises(ValidationError) as error:
        schedule(interviewing, plan[0], at(2), recruiter, ends_at=at(2) - timedelta(minutes=5))
    assert error.value.message_dict["ends_at"] == ["The interview must end after it starts."]
    assert not Interview.objects.exists()


def test_an_interviewer_must_have_access_to_the_requisition(interviewing, plan, recruiter):
    stranger = UserFactory(first_name="Sam", last_name="Stranger")
    other_hm = HiringManagerFactory(first_name="Olga", last_name="Other")
    with pytest.raises(ValidationError) as error:
        schedule(interviewing, plan[0], at(2), recruiter, interviewers=[stranger, other_hm])
    messages = error.value.message_dict["interviewers"]
    assert len(messages) == 2
    assert messages[0].startswith("Sam Stranger has no access to this requisition")
    assert not Interview.objects.exists()


def test_someone_named_on_the_plan_may_interview(interviewing, requisition, plan, recruiter):
    engineer = UserFactory(first_name="Ivy", last_name="Engineer")
    plan[0].interviewers.add(engineer)
    interview = schedule(interviewing, plan[0], at(2), recruiter, interviewers=[engineer])
    assert list(interview.interviewers.all()) == [engineer]


def test_double_booking_an_interviewer_is_refused_naming_the_clash(
    requisition, plan, interviewing, recruiter, advance
):
    schedule(interviewing, plan[0], at(2, hour=10), recruiter)  # the HM, 10:00-11:00
    other = advance(
        application_create(
            candidate=CandidateFactory(first_name="Alan", last_name="Turing"),
            requisition=requisition,
            by=recruiter,
        ),
        "interviewing",
    )
    with pytest.raises(ValidationError) as error:
        schedule(other, plan[0], at(2, hour=10) + timedelta(minutes=30), recruiter)
    (message,) = error.value.message_dict["interviewers"]
    assert message.startswith("Hank Manager already has an interview then: Technical interview")
    assert "Grace Hopper" in message
    # Back to back is fine.
    assert schedule(other, plan[0], at(2, hour=11), recruiter).pk


def test_a_cancelled_interview_frees_the_slot(requisition, plan, interviewing, recruiter, advance):
    first = schedule(interviewing, plan[0], at(2), recruiter)
    interview_cancel(interview=first, by=recruiter)
    second = schedule(interviewing, plan[0], at(2), recruiter)
    assert second.ics_uid != first.ics_uid


def test_one_interview_per_stage_until_it_is_cancelled(interviewing, plan, recruiter):
    schedule(interviewing, plan[0], at(2), recruiter)
    with pytest.raises(ValidationError) as error:
        schedule(interviewing, plan[0], at(3), recruiter)
    assert "reschedule" in error.value.message_dict["stage"][0]


def test_only_interviewing_candidates_get_interviews(application, plan, recruiter):
    with pytest.raises(ValidationError, match="accepted to interview"):
        schedule(application, plan[0], at(2), recruiter)


def test_a_stage_of_another_requisition_is_refused(interviewing, recruiter):
    from tests.factories import InterviewStageFactory

    foreign = InterviewStageFactory()
    with pytest.raises(ValidationError) as error:
        schedule(interviewing, foreign, at(2), recruiter)
    assert "stage" in error.value.message_dict


def test_only_recruiters_schedule(interviewing, plan, hiring_manager):
    with pytest.raises(PermissionDenied):
        schedule(interviewing, plan[0], at(2), hiring_manager)


# --- the calendar -------------------------------------------------------------------------------


def test_the_ics_keeps_its_uid_and_raises_the_sequence_on_reschedule_then_cancels(
    interviewing, plan, recruiter
):
    from workflows.interviews.calendar import interview_ics

    interview = schedule(interviewing, plan[0], at(2), recruiter, location="Room 1")
    calendar, event = _event(interview_ics(interview))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == interview.ics_uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == interview.starts_at
    assert str(event["LOCATION"]) == "Room 1"

    interview_reschedule(interview=interview, slot=Slot(starts_at=at(3)), by=recruiter)
    interview.refresh_from_db()
    _calendar, moved = _event(interview_ics(interview))
    assert str(moved["UID"]) == str(event["UID"])
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("DTSTART") == at(3)
    assert moved.decoded("DTEND") == at(3) + timedelta(minutes=60)

    interview_cancel(interview=interview, by=recruiter)
    interview.refresh_from_db()
    calendar, cancelled = _event(interview_ics(interview, method="CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == str(event["UID"])
    assert cancelled["SEQUENCE"] == 2
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_rescheduling_checks_the_slot_again_but_not_against_itself(
    requisition, plan, interviewing, recruiter, advance
):
    interview = schedule(interviewing, plan[0], at(2, hour=10), recruiter)
    moved = interview_reschedule(
        interview=interview,
        slot=Slot(starts_at=at(2, hour=10) + timedelta(minutes=30)),
        by=recruiter,
    )
    assert moved.ics_sequence == 1
    with pytest.raises(ValidationError):
        interview_reschedule(
            interview=interview, slot=Slot(starts_at=at(2), ends_at=at(2)), by=recruiter
        )
    interview.refresh_from_db()
    assert interview.ics_sequence == 1


def test_a_cancelled_interview_cannot_be_moved_or_held(interviewing, plan, recruiter):
    interview = schedule(interviewing, plan[0], at(2), recruiter)
    interview_cancel(interview=interview, by=recruiter, reason="The HM is ill")
    with pytest.raises(ValidationError):
        interview_reschedule(interview=interview, slot=Slot(starts_at=at(3)), by=recruiter)
    with pytest.raises(ValidationError):
        interview_complete(interview=interview, by=recruiter)
    assert JournalEntry.objects.filter(
        summary__startswith="Interview cancelled", body="The HM is ill"
    ).exists()


# --- completion and the feedback duty ------------------------------------------------------------


def test_completing_creates_a_blocking_feedback_task_per_interviewer_due_per_the_sla(
    interviewing, plan, requisition, recruiter, hiring_manager, clock
):
    from requisitions.models import ServiceLevel

    ServiceLevel.objects.create(requisition=requisition, duty="interview_feedback", hours=12)
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    interview_complete(interview=interview, by=recruiter)
    tasks = Task.objects.filter(kind="feedback").order_by("owner__username")
    assert {task.owner for task in tasks} == {hiring_manager, recruiter}
    for task in tasks:
        assert task.blocking and task.completed_at is None
        assert task.application == interviewing
        assert task.due_at == clock.now + timedelta(hours=12)
        assert "Grace Hopper" in task.title
    interviewing.refresh_from_db()
    with pytest.raises(TransitionBlocked):
        application_move(application=interviewing, transition="make_offer", by=recruiter)


def test_submitting_the_scorecard_completes_that_interviewers_task(
    interviewing, plan, recruiter, hiring_manager
):
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    interview_complete(interview=interview, by=recruiter)
    rate_all(interview, hiring_manager)
    done = Task.objects.get(owner=hiring_manager, kind="feedback")
    still_open = Task.objects.get(owner=recruiter, kind="feedback")
    assert done.completed_at is not None
    assert still_open.completed_at is None


def test_completing_twice_creates_nothing_twice(interviewing, plan, recruiter):
    interview = schedule(interviewing, plan[0], at(-1), recruiter)
    interview_complete(interview=interview, by=recruiter)
    interview_complete(interview=interview, by=recruiter)
    assert Task.objects.filter(kind="feedback").count() == 1


def test_an_interviewer_who_scored_before_completion_gets_no_task(
    interviewing, plan, recruiter, hiring_manager
):
    interview = schedule(interviewing, plan[0], at(0, hour=0), recruiter)
    rate_all(interview, hiring_manager)  # it started: the scorecard is open
    interview_complete(interview=interview, by=recruiter)
    assert not Task.objects.filter(kind="feedback").exists()


def test_the_sweep_completes_only_interviews_whose_end_passed(
    requisition, plan, interviewing, recruiter, clock
):
    interview = schedule(interviewing, plan[0], clock.now + timedelta(hours=1), recruiter)
    assert interviews_complete_past() == 0
    clock.advance(timedelta(minutes=119))
    assert interviews_complete_past() == 0
    clock.advance(timedelta(minutes=2))
    assert interviews_complete_past() == 1
    interview.refresh_from_db()
    assert interview.status == "completed"
    assert Task.objects.filter(kind="feedback").count() == 1
    assert interviews_complete_past() == 0
    assert Task.objects.filter(kind="feedback").count() == 1


def test_the_sweep_task_runs_the_service(interviewing, plan, recruiter, clock):
    from workflows.tasks import complete_past_interviews

    schedule(interviewing, plan[0], clock.now - timedelta(hours=3), recruiter)
    assert complete_past_interviews.delay().get() == 1


def test_the_sweep_is_scheduled_every_minute(settings):
    entry = settings.TANDEM_PERIODIC_TASKS["complete-past-interviews"]
    assert entry == {"task": "workflows.tasks.complete_past_interviews", "every_seconds": 60}


def test_a_no_show_closes_the_feedback_tasks(interviewing, plan, recruiter):
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    interview_complete(interview=interview, by=recruiter)
    interview_mark_no_show(interview=interview, by=recruiter)
    assert not Task.objects.filter(kind="feedback", completed_at__isnull=True).exists()
    interview.refresh_from_db()
    assert interview.status == "no_show"


# --- the make_offer guard ---------------------------------------------------------------------


def test_the_offer_needs_every_planned_stage_held_with_every_scorecard(
    interviewing, plan, recruiter, hiring_manager
):
    def blockers():
        interviewing.refresh_from_db()
        interviewing.__dict__.pop("interviews_outstanding", None)
        with pytest.raises(TransitionBlocked) as error:
            application_move(application=interviewing, transition="make_offer", by=recruiter)
        return error.value.messages

    assert blockers() == [
        "The Technical interview has not been held yet. "
        "The Team conversation has not been held yet."
    ]
    technical = schedule(interviewing, plan[0], at(-3), recruiter)
    interview_complete(interview=technical, by=recruiter)
    rate_all(technical, hiring_manager)
    team = schedule(interviewing, plan[1], at(-2), recruiter)
    interview_complete(interview=team, by=recruiter)
    rate_all(team, hiring_manager)
    # Open blocking tasks are reported too; the guard names the missing scorecard.
    assert "The Team conversation waits for the scorecard of Rita Recruiter." in " ".join(
        blockers()
    )
    rate_all(team, recruiter)
    moved = application_move(application=interviewing, transition="make_offer", by=recruiter)
    assert moved.state == "offer"


def test_a_requisition_without_a_plan_needs_no_interviews(application, advance):
    assert advance(application, "offer").state == "offer"
