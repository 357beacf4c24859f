"""The application state machine through its one service, `application_move`."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_fsm import TransitionNotAllowed

from ats.guards import blocked_reasons, transition_run
from candidates.models import JournalEntry
from requisitions.models import Requisition
from requisitions.services import requisition_move
from tests.factories import ApplicationFactory, DispositionReasonFactory, TaskFactory
from tests.workflows.conftest import complete_screening
from workflows.applications import guards
from workflows.applications.moves import MOVES
from workflows.applications.services import (
    MoveInputs,
    StaleApplication,
    TransitionBlocked,
    application_move,
    check_move,
)
from workflows.models import Application, ApplicationTransition


def _state(app):
    return Application.objects.get(pk=app.pk).state


def _moves(app):
    return list(ApplicationTransition.objects.filter(application=app))


# --- the happy path and what it leaves behind ---------------------------------------------------


def test_a_candidate_walks_from_applied_to_hired_and_every_move_is_logged_and_journaled(
    application, advance, recruiter, hiring_manager
):
    app = advance(application, "hired")
    assert app.state == "hired"
    log = _moves(app)
    assert [(row.from_state, row.to_state) for row in log] == [
        ("applied", "screening"),
        ("screening", "shortlisted"),
        ("shortlisted", "interviewing"),
        ("interviewing", "offer"),
        ("offer", "hired"),
    ]
    assert log[2].by == hiring_manager and log[0].by == recruiter
    moves = JournalEntry.objects.filter(candidate=app.candidate, kind="stage_move")
    summaries = [entry.summary for entry in moves.order_by("id")]
    assert summaries[0].startswith("Added to the pipeline")
    assert "Shortlist for the hiring manager: Screening → Shortlisted" in summaries
    assert all(entry.requisition == app.requisition for entry in moves)


def test_hiring_the_last_headcount_fills_the_requisition(application, advance):
    advance(application, "hired")
    application.requisition.refresh_from_db()
    assert application.requisition.status == Requisition.Status.FILLED


def test_hiring_with_headcount_left_keeps_the_requisition_open(requisition, advance):
    requisition_move(requisition=requisition, transition="hold", by=requisition.recruiter)
    requisition_move(requisition=requisition, transition="resume", by=requisition.recruiter)
    Requisition.objects.filter(pk=requisition.pk).update(headcount=2)
    advance(ApplicationFactory(requisition=requisition), "hired")
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN


def test_the_state_cannot_be_set_by_hand(application):
    with pytest.raises(AttributeError):
        application.state = "hired"


# --- guards: refused, reason given, nothing changed -----------------------------------------------


def test_shortlisting_needs_a_completed_screening_form(application, recruiter):
    application_move(application=application, transition="screen", by=recruiter)
    with pytest.raises(TransitionBlocked) as refused:
        application_move(application=application, transition="shortlist", by=recruiter)
    assert refused.value.messages == ["Complete the screening form first."]
    assert _state(application) == "screening"
    assert len(_moves(application)) == 1
    complete_screening(application, recruiter)
    application_move(application=application, transition="shortlist", by=recruiter)
    assert _state(application) == "shortlisted"


@pytest.mark.parametrize("transition", ["reject", "withdraw"])
def test_rejecting_or_withdrawing_needs_a_disposition_reason(application, recruiter, transition):
    with pytest.raises(ValidationError) as refused:
        application_move(application=application, transition=transition, by=recruiter)
    assert refused.value.message_dict == {"reason": ["Choose a disposition reason."]}
    assert _state(application) == "applied"
    assert _moves(application) == []


def test_a_rejection_keeps_its_reason_and_note_in_the_log_and_the_journal(
    application, recruiter, reason
):
    application_move(
        application=application,
        transition="reject",
        by=recruiter,
        reason=reason,
        note="Only frontend experience.",
    )
    application.refresh_from_db()
    assert application.state == "rejected"
    assert application.disposition_reason == reason
    row = _moves(application)[0]
    assert (row.reason, row.note, row.to_state) == (reason, "Only frontend experience.", "rejected")
    entry = JournalEntry.objects.filter(candidate=application.candidate).first()
    assert "Reject: Applied → Rejected" in entry.summary
    assert "Skills do not match" in entry.body and "Only frontend experience." in entry.body


def test_a_system_reason_or_an_inactive_one_cannot_be_chosen_by_a_person(application, recruiter):
    knock_out = DispositionReasonFactory(group="knock_out", label="Answered a knock-out question")
    knock_out.is_system = True
    knock_out.save()
    with pytest.raises(ValidationError) as refused:
        application_move(
            application=application, transition="reject", by=recruiter, reason=knock_out
        )
    assert "reason" in refused.value.message_dict
    assert _state(application) == "applied"


def test_the_hm_declines_only_with_a_reason_and_honest_feedback(
    application, advance, hiring_manager, reason
):
    app = advance(application, "shortlisted")
    with pytest.raises(ValidationError) as refused:
        application_move(application=app, transition="decline", by=hiring_manager, reason=reason)
    assert refused.value.message_dict == {
        "feedback": ["Write your feedback for the recruiter: why this candidate is not a fit."]
    }
    assert _state(app) == "shortlisted"
    application_move(
        application=app,
        transition="decline",
        by=hiring_manager,
        reason=reason,
        feedback="No production PostgreSQL experience.",
    )
    assert _state(app) == "rejected"
    feedback = JournalEntry.objects.get(candidate=app.candidate, kind="feedback")
    assert feedback.body == "No production PostgreSQL experience."
    assert feedback.actor == hiring_manager


def test_an_open_blocking_task_holds_every_forward_move(application, advance, recruiter, reason):
    app = advance(application, "screening")
    complete_screening(app, recruiter)
    task = TaskFactory(application=app, title="Check the work permit")
    with pytest.raises(TransitionBlocked) as refused:
        application_move(application=app, transition="shortlist", by=recruiter)
    assert "blocking task" in refused.value.messages[0]
    assert _state(app) == "screening"
    # Ending the application is not a forward move: a blocking task does not hold it.
    other = ApplicationFactory(requisition=app.requisition)
    TaskFactory(application=other)
    application_move(application=other, transition="reject", by=recruiter, reason=reason)
    # Done, the task no longer blocks.
    task.completed_at = task.due_at
    task.save()
    application_move(application=app, transition="shortlist", by=recruiter)
    assert _state(app) == "shortlisted"


def test_a_non_blocking_task_does_not_hold_the_move(application, recruiter):
    TaskFactory(application=application, blocking=False)
    application_move(application=application, transition="screen", by=recruiter)
    assert _state(application) == "screening"


def test_forward_moves_need_an_open_requisition(application, recruiter, reason):
    requisition_move(requisition=application.requisition, transition="hold", by=recruiter)
    with pytest.raises(TransitionBlocked) as refused:
        application_move(application=application, transition="screen", by=recruiter)
    assert refused.value.messages == ["The requisition is on hold; it must be open."]
    assert _state(application) == "applied"
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    assert _state(application) == "rejected"


def test_making_an_offer_passes_the_interviews_guard_until_interviews_exist(
    application, advance, recruiter
):
    app = advance(application, "interviewing")
    application_move(application=app, transition="make_offer", by=recruiter)
    assert _state(app) == "offer"


def test_a_move_from_the_wrong_state_is_refused(application, recruiter):
    with pytest.raises(TransitionBlocked) as refused:
        application_move(application=application, transition="hire", by=recruiter)
    assert refused.value.messages == ["Hire is not possible from applied."]


def test_an_unknown_transition_name_is_refused(application, recruiter):
    with pytest.raises(ValidationError) as refused:
        application_move(application=application, transition="delete", by=recruiter)
    assert "transition" in refused.value.message_dict
    assert _state(application) == "applied"


# --- reopen -------------------------------------------------------------------------------------


def test_a_recruiter_reopens_a_rejected_application_to_screening_with_a_reason(
    application, recruiter, reason
):
    application_move(application=application, transition="reject", by=recruiter, reason=reason)
    with pytest.raises(ValidationError) as refused:
        application_move(application=application, transition="reopen", by=recruiter)
    assert refused.value.message_dict == {"note": ["Say why the application is reopened."]}
    application_move(
        application=application, transition="reopen", by=recruiter, note="Role scope changed."
    )
    application.refresh_from_db()
    assert application.state == "screening"
    assert application.disposition_reason is None
    assert _moves(application)[-1].note == "Role scope changed."


# --- permissions ----------------------------------------------------------------------------------


def test_the_hm_cannot_shortlist(application, advance, recruiter, hiring_manager):
    app = advance(application, "screening")
    complete_screening(app, recruiter)
    with pytest.raises(PermissionDenied):
        application_move(application=app, transition="shortlist", by=hiring_manager)
    assert _state(app) == "screening"


def test_the_recruiter_cannot_accept_for_the_hm(application, advance, recruiter):
    app = advance(application, "shortlisted")
    with pytest.raises(PermissionDenied):
        application_move(application=app, transition="accept", by=recruiter)
    assert _state(app) == "shortlisted"


def test_another_hm_cannot_accept_on_a_requisition_that_is_not_theirs(
    application, advance, other_hiring_manager
):
    app = advance(application, "shortlisted")
    with pytest.raises(PermissionDenied):
        application_move(application=app, transition="accept", by=other_hiring_manager)


def test_a_user_without_a_role_cannot_move_anything(application, user_without_role):
    with pytest.raises(PermissionDenied):
        application_move(application=application, transition="screen", by=user_without_role)


# --- admin override -------------------------------------------------------------------------------


def test_only_an_admin_overrides_a_blocking_guard_and_only_with_a_justification(
    application, advance, recruiter, admin_user
):
    app = advance(application, "screening")
    with pytest.raises(PermissionDenied):
        application_move(
            application=app,
            transition="shortlist",
            by=recruiter,
            override_justification="HM asked for it",
        )
    with pytest.raises(TransitionBlocked):
        application_move(application=app, transition="shortlist", by=admin_user)
    assert _state(app) == "screening"

    application_move(
        application=app,
        transition="shortlist",
        by=admin_user,
        override_justification="Internal transfer; screened by the HM in person.",
    )
    assert _state(app) == "shortlisted"
    row = _moves(app)[-1]
    assert row.overridden is True
    assert row.overridden_guards == ["screening_complete"]
    assert row.override_justification == "Internal transfer; screened by the HM in person."
    assert ApplicationTransition.objects.filter(overridden=True).count() == 1
    entry = JournalEntry.objects.filter(candidate=app.candidate, kind="stage_move").first()
    assert "overridden" in entry.summary
    assert "Internal transfer" in entry.body


def test_an_override_does_not_replace_what_the_mover_must_supply(application, admin_user):
    with pytest.raises(ValidationError):
        application_move(
            application=application,
            transition="reject",
            by=admin_user,
            override_justification="just do it",
        )
    assert _state(application) == "applied"


def _guards_primed(app):
    """The application with what its guards read already cached, so `vars()` stays put."""
    blocked_reasons(app.shortlist)
    return app


def test_an_admin_override_reaches_the_guards_by_name_not_through_the_application(
    application, advance, admin_user
):
    app = _guards_primed(Application.objects.get(pk=advance(application, "screening").pk))
    attributes = dict(vars(app))

    check = check_move(
        app,
        move=MOVES["shortlist"],
        by=admin_user,
        inputs=MoveInputs(override_justification="Screened by the HM in person."),
    )
    assert check.blockers == [("screening_complete", "Complete the screening form first.")]
    assert check.waived == {"screening_complete"}
    assert check.refusal() is None
    transition_run(app.shortlist, waived=check.waived)

    assert app.state == "shortlisted"
    assert set(vars(app)) == set(attributes)
    assert {key: value for key, value in vars(app).items() if key != "state"} == {
        key: value for key, value in attributes.items() if key != "state"
    }
    # The guard itself is unchanged by the override: it still says what is missing.
    assert guards.SCREENING_COMPLETE.reason(app) == "Complete the screening form first."


def test_a_waiver_covers_only_the_guards_it_names(application, advance, recruiter):
    app = advance(application, "screening")
    TaskFactory(application=app, blocking=True)
    app = _guards_primed(Application.objects.get(pk=app.pk))
    with pytest.raises(TransitionNotAllowed):
        transition_run(app.shortlist, waived={"screening_complete"})
    assert app.state == "screening"
    transition_run(app.shortlist, waived={"screening_complete", "no_open_blocking_tasks"})
    assert app.state == "shortlisted"


def test_a_recruiters_justification_is_no_override(application, advance, recruiter):
    app = _guards_primed(Application.objects.get(pk=advance(application, "screening").pk))
    check = check_move(
        app,
        move=MOVES["shortlist"],
        by=recruiter,
        inputs=MoveInputs(override_justification="HM asked for it"),
    )
    assert check.waived == frozenset()
    assert isinstance(check.refusal(), PermissionDenied)


# --- stale forms ----------------------------------------------------------------------------------


def test_a_stale_form_is_refused_naming_who_moved_it_and_nothing_changes(
    application, recruiter, admin_user
):
    application_move(
        application=application, transition="screen", by=recruiter, expected_state="applied"
    )
    with pytest.raises(StaleApplication) as refused:
        application_move(
            application=application, transition="screen", by=admin_user, expected_state="applied"
        )
    assert str(refused.value) == "This candidate was just moved by Rita Recruiter; reload the page."
    assert len(_moves(application)) == 1
