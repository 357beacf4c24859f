import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from requisitions.models import Requisition
from requisitions.services import requisition_fill, requisition_move
from tests.factories import RequisitionFactory


@pytest.mark.parametrize("transition", ["open", "cancel"])
def test_a_hiring_manager_may_not_open_or_cancel_their_requisition(hiring_manager, transition):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    with pytest.raises(PermissionDenied):
        requisition_move(requisition=requisition, transition=transition, by=hiring_manager)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_cancelling_needs_a_reason_and_keeps_it(recruiter):
    requisition = RequisitionFactory()
    with pytest.raises(ValidationError):
        requisition_move(requisition=requisition, transition="cancel", by=recruiter, reason=" ")
    requisition_move(
        requisition=requisition, transition="cancel", by=recruiter, reason="Budget frozen"
    )
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.CANCELLED
    assert requisition.cancel_reason == "Budget frozen"
    assert requisition.closed_at is not None


def test_an_unknown_transition_name_is_refused(recruiter):
    with pytest.raises(ValidationError):
        requisition_move(requisition=RequisitionFactory(), transition="delete", by=recruiter)


def test_tandem_itself_fills_an_open_requisition(db):
    requisition = RequisitionFactory(status=Requisition.Status.OPEN)
    requisition_fill(requisition=requisition)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.FILLED


def test_the_status_field_cannot_be_set_by_hand(db):
    requisition = RequisitionFactory()
    with pytest.raises(AttributeError):
        requisition.status = Requisition.Status.OPEN


def test_an_open_search_keeps_at_least_one_interview_stage(recruiter):
    from requisitions.services import interview_plan_save
    from tests.factories import open_requisition

    requisition = open_requisition(recruiter=recruiter)
    with pytest.raises(ValidationError, match="keep at least one interview stage"):
        interview_plan_save(requisition=requisition, by=recruiter, stages=[])
    assert requisition.stages.exists()


def test_an_open_search_keeps_its_intake_marked_as_held(recruiter):
    from requisitions.services import intake_save
    from tests.factories import open_requisition

    requisition = open_requisition(recruiter=recruiter)
    with pytest.raises(ValidationError, match="stays marked as held"):
        intake_save(requisition=requisition, by=recruiter, held=False)
    requisition.intake.refresh_from_db()
    assert requisition.intake.held


def test_a_stale_interview_plan_form_keeps_the_stage_the_other_side_added(recruiter):
    from requisitions.services import StageInput, interview_plan_save
    from tests.factories import open_requisition

    requisition = open_requisition(recruiter=recruiter)
    first = requisition.stages.get()
    shown = {first.pk}  # what the recruiter's page showed
    added = interview_plan_save(
        requisition=requisition,
        by=requisition.hiring_manager,
        stages=[
            StageInput(
                name=first.name,
                interviewers=list(first.interviewers.all()),
                focus_areas=[],
                duration_minutes=60,
                follow_up_by=first.follow_up_by,
                id=first.pk,
            ),
            StageInput(
                name="Team lunch",
                interviewers=[requisition.hiring_manager],
                focus_areas=[],
                duration_minutes=60,
                follow_up_by=first.follow_up_by,
            ),
        ],
    )[1]
    interview_plan_save(
        requisition=requisition,
        by=recruiter,
        known_ids=shown,
        stages=[
            StageInput(
                name="Technical deep dive",
                interviewers=list(first.interviewers.all()),
                focus_areas=[],
                duration_minutes=90,
                follow_up_by=first.follow_up_by,
                id=first.pk,
            )
        ],
    )
    assert set(requisition.stages.values_list("name", flat=True)) == {
        "Technical deep dive",
        added.name,
    }
