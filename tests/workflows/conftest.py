"""Shared set-up for the workflows tests: an open requisition with 3 must-haves, and a helper that
walks an application to a state through the real services (so logs and journals exist)."""

import pytest

from tests.factories import (
    CandidateFactory,
    CriterionFactory,
    DispositionReasonFactory,
    RequisitionFactory,
)
from workflows.applications.services import (
    application_create,
    application_move,
    screening_complete,
    screening_questions_ensure,
)

MUST_HAVES = ["Python", "PostgreSQL", "Mentoring"]


@pytest.fixture
def requisition(recruiter, hiring_manager):
    requisition = RequisitionFactory(
        status="open", recruiter=recruiter, hiring_manager=hiring_manager, headcount=1
    )
    for order, name in enumerate(MUST_HAVES):
        CriterionFactory(requisition=requisition, kind="must_have", name=name, order=order)
    CriterionFactory(requisition=requisition, kind="nice_to_have", name="Go", order=9)
    return requisition


@pytest.fixture
def reason(db):
    return DispositionReasonFactory(group="we_declined", label="Skills do not match the must-haves")


@pytest.fixture
def withdrew_reason(db):
    return DispositionReasonFactory(group="candidate_withdrew", label="Accepted another offer")


def complete_screening(app, recruiter, rating=4):
    questions = screening_questions_ensure(requisition=app.requisition)
    answers = {
        q.pk: {"rating": rating, "text": "seen in the call"} if q.is_rating else {"text": "yes"}
        for q in questions
    }
    return screening_complete(
        application=app, by=recruiter, answers=answers, summary="Solid; meets the must-haves."
    )


PATH = ["screen", "*screening", "shortlist", "accept", "make_offer", "hire"]
STATE_AFTER = {
    "applied": 0,
    "screening": 1,
    "shortlisted": 3,
    "interviewing": 4,
    "offer": 5,
    "hired": 6,
}


@pytest.fixture
def advance(recruiter, hiring_manager):
    """`advance(app, "shortlisted")`: walk `app` forward through the services."""

    def go(app, target):
        for step in PATH[: STATE_AFTER[target]]:
            if step == "*screening":
                complete_screening(app, recruiter)
                continue
            by = hiring_manager if step == "accept" else recruiter
            app = application_move(application=app, transition=step, by=by)
        return app

    return go


@pytest.fixture
def application(requisition, recruiter):
    return application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)


# --- interviews ---------------------------------------------------------------------------------


@pytest.fixture
def plan(requisition, recruiter, hiring_manager):
    """Two stages on `requisition`: the technical interview (the HM; Python, PostgreSQL) and the
    team conversation (the HM and the recruiter; Mentoring)."""
    from tests.factories import InterviewStageFactory

    criteria = {criterion.name: criterion for criterion in requisition.criteria.all()}
    technical = InterviewStageFactory(
        requisition=requisition, name="Technical interview", order=1, interviewers=[hiring_manager]
    )
    technical.focus_areas.set([criteria["Python"], criteria["PostgreSQL"]])
    team = InterviewStageFactory(
        requisition=requisition,
        name="Team conversation",
        order=2,
        duration_minutes=45,
        interviewers=[hiring_manager, recruiter],
    )
    team.focus_areas.set([criteria["Mentoring"]])
    return [technical, team]


@pytest.fixture
def interviewing(requisition, plan, recruiter, advance):
    """Grace Hopper's application, accepted to interview, on the requisition with the plan."""
    app = application_create(
        candidate=CandidateFactory(first_name="Grace", last_name="Hopper"),
        requisition=requisition,
        by=recruiter,
    )
    return advance(app, "interviewing")


def at(days: float = 1, hour: int = 10):
    """A moment `days` from now at `hour` o'clock (UTC), for interview slots."""
    from datetime import UTC, timedelta

    from django.utils import timezone

    base = timezone.now().astimezone(UTC).replace(hour=hour, minute=0, second=0, microsecond=0)
    return base + timedelta(days=days)


def schedule(app, stage, start, by, **slot):
    from workflows.interviews.services import Slot, interview_schedule

    return interview_schedule(
        application=app, stage=stage, slot=Slot(starts_at=start, **slot), by=by
    )


def rate_all(interview, user, rating=4, recommendation="strong_yes", **kwargs):
    """Submit `user`'s scorecard for `interview`, every criterion in focus rated `rating`."""
    from workflows.interviews.services import criteria_in_focus, scorecard_submit

    return scorecard_submit(
        interview=interview,
        by=user,
        recommendation=recommendation,
        notes=kwargs.pop("notes", "Clear examples for each focus area."),
        ratings={
            criterion.pk: {"rating": rating, "evidence": f"seen: {criterion.name}"}
            for criterion in criteria_in_focus(interview)
        },
        **kwargs,
    )
