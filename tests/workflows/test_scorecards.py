"""Scorecards: submitted once, corrections are journaled versions, hidden until your own is in."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from candidates.models import JournalEntry
from tests.workflows.conftest import at, rate_all, schedule
from workflows.interviews.selectors import interview_scorecards, scorecards_hidden
from workflows.interviews.services import interview_cancel, interview_complete, scorecard_submit
from workflows.models import Scorecard


@pytest.fixture
def held(interviewing, plan, recruiter):
    """The team conversation (the HM and the recruiter), held yesterday."""
    interview = schedule(interviewing, plan[1], at(-1), recruiter)
    return interview_complete(interview=interview, by=recruiter)


def test_a_scorecard_rates_each_criterion_in_focus_and_is_journaled(held, hiring_manager):
    card = rate_all(held, hiring_manager, rating=3, recommendation="yes")
    assert [(r.criterion.name, r.rating) for r in card.ratings.all()] == [("Mentoring", 3)]
    entry = JournalEntry.objects.get(kind="feedback")
    assert entry.summary == "Scorecard by Hank Manager (Team conversation): Yes"
    assert "Mentoring: Yes — seen: Mentoring" in entry.body
    assert entry.actor == hiring_manager


def test_every_criterion_needs_a_rating_on_the_four_point_scale(held, hiring_manager):
    mentoring = held.stage.focus_areas.get()
    with pytest.raises(ValidationError) as error:
        scorecard_submit(
            interview=held,
            by=hiring_manager,
            recommendation="maybe",
            notes=" ",
            ratings={mentoring.pk: {"rating": 5}},
        )
    assert set(error.value.message_dict) == {f"c{mentoring.pk}", "recommendation", "notes"}
    assert not Scorecard.objects.exists()


def test_a_scorecard_is_submitted_once(held, hiring_manager):
    rate_all(held, hiring_manager)
    with pytest.raises(ValidationError) as error:
        rate_all(held, hiring_manager, rating=1)
    assert "correction_reason" in error.value.message_dict
    assert Scorecard.objects.get().ratings.get().rating == 4


def test_a_correction_is_a_new_journaled_version(held, hiring_manager):
    first = rate_all(held, hiring_manager, rating=4)
    second = rate_all(held, hiring_manager, rating=2, correction_reason="Mixed up two candidates")
    first.refresh_from_db()
    assert (first.is_current, first.version) == (False, 1)
    assert (second.is_current, second.version) == (True, 2)
    assert first.ratings.get().rating == 4  # the record stays as it was
    entry = JournalEntry.objects.filter(kind="feedback").latest("created_at")
    assert entry.summary.startswith("Scorecard corrected (version 2) by Hank Manager")
    assert "Correction: Mixed up two candidates" in entry.body


def test_only_the_interviewers_fill_in_the_scorecard(held, other_hiring_manager, admin_user):
    for outsider in (other_hiring_manager, admin_user):
        with pytest.raises(PermissionDenied):
            rate_all(held, outsider)


def test_no_scorecard_before_the_interview_starts_or_once_it_is_cancelled(
    interviewing, plan, recruiter, hiring_manager
):
    upcoming = schedule(interviewing, plan[0], at(2), recruiter)
    with pytest.raises(ValidationError, match="opens when the interview starts"):
        rate_all(upcoming, hiring_manager)
    interview_cancel(interview=upcoming, by=recruiter)
    with pytest.raises(ValidationError, match="cancelled"):
        rate_all(upcoming, hiring_manager)


def test_others_scorecards_are_hidden_until_you_submitted_your_own(
    held, recruiter, hiring_manager, admin_user
):
    rate_all(held, recruiter, rating=2, recommendation="no")
    mine, others, hidden = interview_scorecards(hiring_manager, held)
    assert (mine, others, hidden) == (None, [], True)
    assert scorecards_hidden(hiring_manager, [held.application_id]) == {held.application_id}

    own = rate_all(held, hiring_manager)
    mine, others, hidden = interview_scorecards(hiring_manager, held)
    assert mine == own and not hidden
    assert [card.interviewer for card in others] == [recruiter]

    # Someone who does not interview this candidate (an admin here) sees them all at once.
    _mine, others, hidden = interview_scorecards(admin_user, held)
    assert not hidden and len(others) == 2


def test_a_pending_interview_for_the_same_candidate_keeps_the_others_hidden(
    held, interviewing, plan, recruiter, hiring_manager
):
    technical = schedule(interviewing, plan[0], at(-3), recruiter)
    interview_complete(interview=technical, by=recruiter)
    rate_all(held, hiring_manager)
    # Hank still owes the technical interview's scorecard for Grace: the others stay hidden.
    assert scorecards_hidden(hiring_manager, [interviewing.pk]) == {interviewing.pk}
    rate_all(technical, hiring_manager)
    assert scorecards_hidden(hiring_manager, [interviewing.pk]) == set()
