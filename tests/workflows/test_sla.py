"""Duties with SLA clocks: created by events, reminded before due, escalated when overdue,
completed by the action that fulfils them — each message exactly once (clock mocked)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates.models import JournalEntry
from notifications.models import OutboundMessage
from requisitions.models import ServiceLevel
from requisitions.services import intake_save
from tests.factories import CandidateFactory, RequisitionFactory, TaskFactory, UserFactory
from tests.workflows.conftest import complete_screening
from workflows.applications.services import application_create, application_move
from workflows.duties import sweeps
from workflows.duties.messaging import candidate_message_queue
from workflows.duties.services import task_complete
from workflows.models import Task

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def messages(key):
    return list(OutboundMessage.objects.filter(template_key=key).order_by("to_address"))


# --- creation and automatic completion --------------------------------------------------------


def test_a_new_application_gives_the_recruiter_a_screening_task_due_per_the_agreed_sla(
    clock, requisition, recruiter
):
    ServiceLevel.objects.create(requisition=requisition, duty="first_screening", hours=24)
    app = application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)
    task = Task.objects.get(application=app, kind="screening")
    assert task.owner == recruiter
    assert task.due_at == clock.now + 24 * H
    assert task.is_automatic and not task.blocking


def test_completing_the_screening_form_completes_the_screening_task(application, recruiter):
    complete_screening(application, recruiter)
    task = Task.objects.get(application=application, kind="screening")
    assert task.completed_at is not None and task.completed_by is None


def test_shortlisting_gives_the_hm_a_review_task_due_per_the_shortlist_review_sla(
    clock, application, advance, hiring_manager
):
    ServiceLevel.objects.create(
        requisition=application.requisition, duty="shortlist_review", hours=12
    )
    advance(application, "shortlisted")
    task = Task.objects.get(application=application, kind="review")
    assert (task.owner, task.due_at, task.completed_at) == (
        hiring_manager,
        clock.now + 12 * H,
        None,
    )
    assert task.announce_at == clock.now + timedelta(minutes=15)


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_the_hms_decision_completes_the_review_task(
    application, advance, hiring_manager, reason, decision
):
    app = advance(application, "shortlisted")
    extra = {"reason": reason, "feedback": "Not enough depth."} if decision == "decline" else {}
    application_move(application=app, transition=decision, by=hiring_manager, **extra)
    task = Task.objects.get(application=app, kind="review")
    assert task.completed_at is not None and task.announce_at is None


def test_shortlisting_again_after_a_reopen_makes_a_new_review_task(
    application, advance, hiring_manager, recruiter, reason
):
    app = advance(application, "shortlisted")
    application_move(
        application=app, transition="decline", by=hiring_manager, reason=reason, feedback="No."
    )
    application_move(application=app, transition="reopen", by=recruiter, note="Second look")
    application_move(application=app, transition="shortlist", by=recruiter)
    tasks = Task.objects.filter(application=app, kind="review")
    assert [t.completed_at is None for t in tasks] == [False, True]


# --- reminders and escalations ----------------------------------------------------------------


@pytest.fixture
def review_task(clock, application, advance):
    advance(application, "shortlisted")
    return Task.objects.get(application=application, kind="review")


def test_the_owner_is_reminded_once_shortly_before_the_task_is_due(
    clock, review_task, hiring_manager
):
    clock.advance(review_task.due_at - clock.now - 5 * H)
    sweeps.task_reminders_send()
    assert messages("task_reminder") == []
    clock.advance(2 * H)
    sweeps.task_reminders_send()
    sweeps.task_reminders_send()
    [reminder] = messages("task_reminder")
    assert reminder.to_address == hiring_manager.email
    assert review_task.title in reminder.subject
    assert "/applications/" in reminder.text_body
    review_task.refresh_from_db()
    assert review_task.reminded_at == clock.now


def test_an_overdue_task_is_escalated_once_to_the_recruiter(
    clock, review_task, recruiter, hiring_manager
):
    clock.advance(review_task.due_at - clock.now - H)
    sweeps.task_escalations_send()
    assert messages("task_escalation") == []
    clock.advance(2 * H)
    sweeps.task_escalations_send()
    sweeps.task_escalations_send()
    [escalation] = messages("task_escalation")
    assert escalation.to_address == recruiter.email
    assert "Hank Manager" in escalation.subject


def test_a_completed_task_is_neither_reminded_nor_escalated(
    clock, review_task, hiring_manager, application
):
    application_move(application=application, transition="accept", by=hiring_manager)
    clock.advance(review_task.due_at - clock.now + H)
    sweeps.task_reminders_send()
    sweeps.task_escalations_send()
    assert not OutboundMessage.objects.filter(
        template_key__in=["task_reminder", "task_escalation"]
    ).exists()


def test_a_feedback_task_of_an_interviewer_escalates_to_the_recruiter_and_the_hm(
    clock, application, recruiter, hiring_manager
):
    interviewer = UserFactory(first_name="Ivan", last_name="Interviewer")
    TaskFactory(
        application=application,
        owner=interviewer,
        kind="feedback",
        title="Feedback on the technical interview",
        due_at=clock.now + 24 * H,
        blocking=False,
    )
    clock.advance(21 * H)
    sweeps.task_reminders_send()
    assert [m.to_address for m in messages("task_reminder")] == [interviewer.email]
    clock.advance(4 * H)
    sweeps.task_escalations_send()
    assert {m.to_address for m in messages("task_escalation")} == {
        recruiter.email,
        hiring_manager.email,
    }


def test_the_recruiters_own_overdue_task_escalates_to_the_hiring_manager(
    clock, application, hiring_manager
):
    task = Task.objects.get(application=application, kind="screening")
    clock.advance(task.due_at - clock.now + H)
    sweeps.task_escalations_send()
    assert [m.to_address for m in messages("task_escalation")] == [hiring_manager.email]


def test_a_task_first_seen_overdue_is_escalated_without_a_late_reminder(clock, review_task):
    clock.advance(review_task.due_at - clock.now + H)
    sweeps.task_reminders_send()
    sweeps.task_escalations_send()
    assert messages("task_reminder") == []
    assert len(messages("task_escalation")) == 1


def test_the_sweeps_cost_the_same_whatever_the_number_of_tasks_not_due(
    clock, django_assert_num_queries, recruiter
):
    TaskFactory(due_at=clock.now + 100 * H, owner=recruiter)
    with django_assert_num_queries(7) as one:  # reminders: overdue marks, then due-soon claims
        assert sweeps.task_reminders_send() == 0
        assert sweeps.task_escalations_send() == 0
    for _ in range(30):
        TaskFactory(due_at=clock.now + 100 * H, owner=recruiter)
    with django_assert_num_queries(len(one.captured_queries)):
        assert sweeps.task_reminders_send() == 0
        assert sweeps.task_escalations_send() == 0


# --- manual completion --------------------------------------------------------------------------


def test_the_owner_completes_a_task_no_action_fulfils(recruiter, application):
    task = TaskFactory(application=application, owner=recruiter, kind="other", blocking=False)
    task_complete(task=task, by=recruiter)
    task.refresh_from_db()
    assert task.completed_by == recruiter and task.completed_at is not None


def test_a_task_an_action_fulfils_cannot_be_ticked_off(recruiter, application):
    task = Task.objects.get(application=application, kind="screening")
    with pytest.raises(ValidationError):
        task_complete(task=task, by=recruiter)
    task.refresh_from_db()
    assert task.completed_at is None


def test_only_the_owner_completes_a_task(recruiter, hiring_manager, application):
    task = TaskFactory(application=application, owner=recruiter, kind="other")
    with pytest.raises(PermissionDenied):
        task_complete(task=task, by=hiring_manager)


# --- milestone 2: the intake invitation ---------------------------------------------------------


@pytest.fixture
def new_requisition(clock, recruiter, hiring_manager):
    return RequisitionFactory(recruiter=recruiter, hiring_manager=hiring_manager)


def test_a_new_requisition_gets_an_intake_duty_due_per_the_intake_scheduling_sla(
    clock, new_requisition, recruiter
):
    assert sweeps.intake_duties_ensure() == 1
    assert sweeps.intake_duties_ensure() == 0
    task = Task.objects.get(requisition=new_requisition, kind="intake")
    assert task.owner == recruiter
    assert task.due_at == new_requisition.created_at + 48 * H


def test_an_intake_not_held_in_time_invites_the_hm_and_recruiter_once_with_an_ics(
    clock, new_requisition, recruiter, hiring_manager
):
    proposed = (clock.now + 72 * H).replace(microsecond=0)
    intake_save(requisition=new_requisition, by=recruiter, meeting_at=proposed)
    sweeps.intake_duties_ensure()
    clock.advance(47 * H)
    sweeps.task_escalations_send()
    assert messages("intake_invitation") == []
    clock.advance(2 * H)
    sweeps.task_escalations_send()
    sweeps.task_escalations_send()
    invitations = messages("intake_invitation")
    assert {m.to_address for m in invitations} == {recruiter.email, hiring_manager.email}
    assert not messages("task_escalation")
    [attachment] = invitations[0].attachments
    assert attachment["mimetype"] == "text/calendar"
    assert "BEGIN:VEVENT" in attachment["content"]
    assert proposed.strftime("%Y%m%dT%H%M%S") in attachment["content"]
    assert f"mailto:{hiring_manager.email}" in attachment["content"].replace("\r\n ", "")
    assert "Proposed time" in invitations[0].text_body


def test_an_intake_invitation_without_a_proposed_time_has_no_ics(clock, new_requisition):
    sweeps.intake_duties_ensure()
    clock.advance(49 * H)
    sweeps.task_escalations_send()
    assert all(m.attachments == [] for m in messages("intake_invitation"))
    assert len(messages("intake_invitation")) == 2


def test_holding_the_intake_completes_the_duty_and_nobody_is_invited(
    clock, new_requisition, recruiter
):
    sweeps.intake_duties_ensure()
    clock.advance(H)
    intake_save(requisition=new_requisition, by=recruiter, meeting_at=clock.now, held=True)
    clock.advance(H)
    sweeps.intake_duties_ensure()
    clock.advance(48 * H)
    sweeps.task_escalations_send()
    assert messages("intake_invitation") == []
    assert Task.objects.get(kind="intake").completed_at is not None


# --- milestone 9: no black hole ------------------------------------------------------------------


def test_a_candidate_not_contacted_for_the_cadence_gives_the_recruiter_one_task_per_silence(
    clock, application, recruiter
):
    clock.advance(119 * H)
    assert sweeps.candidate_updates_check() == 0
    clock.advance(2 * H)
    assert sweeps.candidate_updates_check() == 1
    assert sweeps.candidate_updates_check() == 0
    [task] = Task.objects.filter(kind="candidate_update")
    assert task.owner == recruiter and not task.is_automatic
    assert application.candidate.full_name in task.title and "5 days" in task.title
    clock.advance(121 * H)
    assert sweeps.candidate_updates_check() == 1
    assert Task.objects.filter(kind="candidate_update").count() == 2


def test_an_email_to_the_candidate_restarts_the_silence_clock(clock, application):
    clock.advance(100 * H)
    candidate_message_queue(
        application=application, template_key="application_received", occasion="test"
    )
    assert JournalEntry.objects.filter(kind="email").exists()
    clock.advance(21 * H)
    assert sweeps.candidate_updates_check() == 0
    application.refresh_from_db()
    assert application.contact_due_at == clock.now - 21 * H + 120 * H
    clock.advance(100 * H)
    assert sweeps.candidate_updates_check() == 1


def test_an_ended_application_is_no_longer_followed(clock, application, recruiter, reason):
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    application.refresh_from_db()
    assert application.contact_due_at is None
    clock.advance(200 * H)
    assert sweeps.candidate_updates_check() == 0
    assert not Task.objects.filter(kind="candidate_update").exists()
