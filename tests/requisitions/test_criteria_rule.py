import pytest
from django.core.exceptions import ValidationError

from requisitions.models import Criterion, RequisitionEvent, criteria_problems
from requisitions.services import CriterionInput, criteria_save
from tests.factories import RequisitionFactory, open_requisition

MUST, NICE = "must_have", "nice_to_have"


@pytest.mark.parametrize(
    ("must", "nice", "expected"),
    [
        (3, 3, []),
        (3, 5, []),
        (2, 3, ["Add one more must-have."]),
        (1, 4, ["Add two more must-haves (exactly 3 are needed)."]),
        (0, 3, ["Add three must-haves (exactly 3 are needed)."]),
        (4, 3, ["Exactly 3 must-haves: remove one."]),
        (3, 2, ["Add one more nice-to-have."]),
        (3, 0, ["Add at least three nice-to-haves (3 to 5)."]),
        (3, 6, ["At most 5 nice-to-haves: remove one."]),
        (2, 7, ["Add one more must-have.", "At most 5 nice-to-haves: remove two."]),
    ],
)
def test_the_be_realistic_rule_says_precisely_what_is_wrong(must, nice, expected):
    assert criteria_problems(must_haves=must, nice_to_haves=nice) == expected


def _rows(must, nice):
    return [CriterionInput(kind=MUST, name=f"Must {n}") for n in range(must)] + [
        CriterionInput(kind=NICE, name=f"Nice {n}") for n in range(nice)
    ]


def test_saving_two_must_haves_is_refused_and_saves_nothing(recruiter):
    requisition = RequisitionFactory()
    with pytest.raises(ValidationError) as error:
        criteria_save(requisition=requisition, by=recruiter, criteria=_rows(2, 3))
    assert error.value.messages == ["Add one more must-have."]
    assert not requisition.criteria.exists()


def test_saving_six_nice_to_haves_is_refused(recruiter):
    requisition = RequisitionFactory()
    with pytest.raises(ValidationError) as error:
        criteria_save(requisition=requisition, by=recruiter, criteria=_rows(3, 6))
    assert error.value.messages == ["At most 5 nice-to-haves: remove one."]


def test_the_same_criterion_twice_is_refused(recruiter):
    requisition = RequisitionFactory()
    rows = [*_rows(2, 3), CriterionInput(kind=MUST, name="must 0")]
    with pytest.raises(ValidationError, match="only once"):
        criteria_save(requisition=requisition, by=recruiter, criteria=rows)


def test_saving_replaces_the_criteria_in_order(recruiter):
    requisition = RequisitionFactory()
    criteria_save(requisition=requisition, by=recruiter, criteria=_rows(3, 4))
    first = list(requisition.criteria.all())
    kept = [CriterionInput(kind=c.kind, name=c.name, id=c.pk) for c in first[:6]]
    criteria_save(requisition=requisition, by=recruiter, criteria=kept)
    names = list(requisition.criteria.values_list("name", flat=True))
    assert names == ["Must 0", "Must 1", "Must 2", "Nice 0", "Nice 1", "Nice 2"]
    assert Criterion.objects.filter(pk=first[6].pk).exists() is False


def test_a_hiring_manager_edits_the_criteria_of_their_own_requisition_only(
    hiring_manager, other_hiring_manager
):
    requisition = RequisitionFactory(hiring_manager=hiring_manager)
    criteria_save(requisition=requisition, by=hiring_manager, criteria=_rows(3, 3))
    assert requisition.criteria.count() == 6
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        criteria_save(requisition=requisition, by=other_hiring_manager, criteria=_rows(3, 3))


def test_criteria_changes_are_not_logged_while_drafting(recruiter):
    requisition = RequisitionFactory()
    criteria_save(requisition=requisition, by=recruiter, criteria=_rows(3, 3))
    assert not requisition.events.filter(kind=RequisitionEvent.Kind.CRITERIA_CHANGED).exists()


def test_criteria_changes_after_opening_are_logged_with_what_changed(db):
    requisition = open_requisition()
    rows = [
        CriterionInput(
            kind=c.kind, name="Kubernetes" if n == 3 else c.name, guidance=c.guidance, id=c.pk
        )
        for n, c in enumerate(requisition.criteria.all())
    ]
    criteria_save(requisition=requisition, by=requisition.hiring_manager, criteria=rows)
    event = requisition.events.get(kind=RequisitionEvent.Kind.CRITERIA_CHANGED)
    assert event.actor == requisition.hiring_manager
    assert "renamed “nice_to_have 1” to “Kubernetes”" in event.summary
