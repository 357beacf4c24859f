from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from requisitions.models import Requisition, RequisitionEvent
from requisitions.selectors import open_blockers, requisition_actions
from requisitions.services import (
    CriterionInput,
    TransitionBlocked,
    criteria_save,
    intake_save,
    requisition_move,
)
from tests.factories import RequisitionFactory, complete_intake, open_requisition


def test_a_new_requisition_lists_everything_missing_before_it_opens(db):
    requisition = RequisitionFactory()
    assert open_blockers(requisition) == [
        "Add three must-haves (exactly 3 are needed).",
        "Add at least three nice-to-haves (3 to 5).",
        "Plan at least one interview stage.",
        "Agree the SLAs (hours for: Intake meeting scheduled, Recruiter first screening, "
        "HM shortlist review, Interview feedback, Candidate update cadence).",
        "Hold the intake meeting and mark it as held.",
    ]


def test_opening_an_incomplete_requisition_is_refused_with_the_reasons(recruiter):
    requisition = RequisitionFactory()
    with pytest.raises(TransitionBlocked) as error:
        requisition_move(requisition=requisition, transition="open", by=recruiter)
    assert "Plan at least one interview stage." in error.value.messages
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT


def test_only_what_is_still_missing_is_listed(recruiter):
    requisition = complete_intake(RequisitionFactory())
    intake_save(requisition=requisition, by=recruiter, held=False)
    assert open_blockers(requisition) == ["Hold the intake meeting and mark it as held."]


def test_a_requisition_without_a_recruiter_cannot_open(recruiter):
    requisition = complete_intake(RequisitionFactory(recruiter=None), by=recruiter)
    assert open_blockers(requisition) == ["Assign a recruiter."]


def test_a_complete_intake_lets_the_recruiter_open_the_search_and_it_is_logged(recruiter):
    requisition = complete_intake(RequisitionFactory())
    assert open_blockers(requisition) == []
    requisition_move(requisition=requisition, transition="open", by=recruiter)
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.OPEN
    assert requisition.opened_at is not None
    event = requisition.events.get(kind=RequisitionEvent.Kind.MOVED)
    assert event.actor == recruiter
    assert event.summary == "Opened the search (Draft → Open)"


def test_a_hiring_manager_cannot_open_even_a_complete_intake(hiring_manager):
    requisition = complete_intake(RequisitionFactory(hiring_manager=hiring_manager))
    with pytest.raises(PermissionDenied):
        requisition_move(requisition=requisition, transition="open", by=hiring_manager)


def test_removing_a_criterion_is_refused_once_the_counts_would_break(recruiter):
    requisition = open_requisition()
    rows = [CriterionInput(kind=c.kind, name=c.name, id=c.pk) for c in requisition.criteria.all()]
    with pytest.raises(Exception, match="Add one more must-have"):
        criteria_save(requisition=requisition, by=recruiter, criteria=rows[1:])


@pytest.mark.parametrize(
    ("setup", "transition", "target"),
    [
        ([], "hold", "on_hold"),
        (["hold"], "resume", "open"),
        ([], "fill", "filled"),
        ([], "cancel", "cancelled"),
    ],
)
def test_each_move_needs_the_recruiter_side(
    recruiter, admin_user, hiring_manager, user_without_role, setup, transition, target
):
    requisition = open_requisition(hiring_manager=hiring_manager)
    for step in setup:
        requisition_move(requisition=requisition, transition=step, by=recruiter)
    for outsider in (hiring_manager, user_without_role):
        with pytest.raises(PermissionDenied):
            requisition_move(
                requisition=requisition, transition=transition, by=outsider, reason="why"
            )
    requisition_move(requisition=requisition, transition=transition, by=admin_user, reason="why")
    requisition.refresh_from_db()
    assert requisition.status == target


def test_a_move_that_does_not_start_from_the_status_says_so(recruiter):
    requisition = RequisitionFactory()
    with pytest.raises(TransitionBlocked, match="Not possible from draft"):
        requisition_move(requisition=requisition, transition="hold", by=recruiter)


def test_the_actions_offered_follow_the_status_and_the_user(recruiter, hiring_manager):
    draft = RequisitionFactory(hiring_manager=hiring_manager)
    actions = requisition_actions(draft, recruiter)
    assert [a.transition for a in actions] == ["open", "cancel"]
    assert actions[0].blocked and not actions[1].blocked
    assert requisition_actions(draft, hiring_manager) == []
    opened = open_requisition()
    assert [a.transition for a in requisition_actions(opened, recruiter)] == [
        "hold",
        "fill",
        "cancel",
    ]


def test_a_meeting_cannot_be_held_in_the_future(recruiter):
    requisition = RequisitionFactory()
    with pytest.raises(Exception, match="future"):
        intake_save(
            requisition=requisition,
            by=recruiter,
            held=True,
            meeting_at=timezone.now() + timedelta(days=1),
        )
