from django.db import models
from django_fsm import FSMField, transition

from ats.guards import Guard, blocked_reasons

HAS_TITLE = Guard("has_title", lambda obj: None if obj.title else "Give it a title first.")


class Door(models.Model):
    title = models.CharField(max_length=10, blank=True)
    state = FSMField(default="closed")

    class Meta:
        app_label = "ats"
        managed = False

    def __str__(self) -> str:
        return self.title

    @transition(field=state, source="closed", target="open", conditions=[HAS_TITLE])
    def open(self):
        pass


def test_a_failing_guard_explains_itself_and_blocks_the_transition():
    door = Door(title="")
    assert blocked_reasons(door.open) == ["Give it a title first."]
    assert HAS_TITLE(door) is False


def test_a_passing_guard_leaves_no_reason():
    assert blocked_reasons(Door(title="front").open) == []


def test_a_transition_from_another_state_is_reported_as_impossible():
    door = Door(title="front", state="open")
    assert blocked_reasons(door.open) == ["Not possible from open."]
