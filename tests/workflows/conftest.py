"""Shared set-up for the workflows tests: an open requisition with 3 must-haves, and a helper that
walks an application to a state through the real services (so logs and journals exist)."""

import pytest

from tests.factories import (
    CandidateFactory,
    CriterionFactory,
    DispositionReasonFactory,
    RequisitionFactory,
)
from workflows.services import (
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
