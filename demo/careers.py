"""Demo data for the careers site (run by seed_demo, after the workflows demo): application
questions on the open "Senior Backend Engineer", and a few answered candidate surveys.

Idempotent: questions are added only to a requisition that has none; one survey per demo
application, found by its occasion.
"""

from __future__ import annotations

from decimal import Decimal

from careers.models import Survey
from careers.services import survey_answer, survey_send, survey_state
from requisitions.models import KnockoutQuestion, Requisition
from requisitions.services import KnockoutInput, knockout_questions_save
from workflows.models import Application

KNOCKOUTS = [
    KnockoutInput(
        prompt="Do you have the right to work in the European Union?",
        kind=KnockoutQuestion.Kind.YES_NO,
        required_answer=True,
    ),
    KnockoutInput(
        prompt="How many years of professional backend development experience do you have?",
        kind=KnockoutQuestion.Kind.NUMBER,
        minimum=Decimal(3),
    ),
    KnockoutInput(
        prompt="Where would you like to work?",
        kind=KnockoutQuestion.Kind.CHOICE,
        options=["Berlin office", "Hybrid (Berlin)", "Remote within the EU", "Remote elsewhere"],
        accepted_options=["Berlin office", "Hybrid (Berlin)", "Remote within the EU"],
    ),
    KnockoutInput(
        prompt="Which project are you proudest of, and why?", kind=KnockoutQuestion.Kind.TEXT
    ),
]

# (nps, recruiter's communication, interviewers, comment)
SURVEY_ANSWERS = [
    (9, 5, 4, "Clear timeline from the first call; the technical interview was fair."),
    (7, 4, 3, "Friendly people. I waited a week for feedback after the interview."),
    (10, 5, 5, ""),
]
DEMO_OCCASION = "demo:interview"


def seed(*, users: dict, stdout) -> None:
    recruiter = users.get("recruiter")
    job = Requisition.objects.filter(slug="senior-backend-engineer").first()
    if (
        recruiter is not None
        and job is not None
        and not job.is_closed
        and not job.knockout_questions.exists()
    ):
        knockout_questions_save(requisition=job, by=recruiter, questions=KNOCKOUTS)
        stdout.write(f"careers: {len(KNOCKOUTS)} application questions on {job.title}")

    interviewed = Application.objects.filter(
        state__in=[
            Application.State.INTERVIEWING,
            Application.State.OFFER,
            Application.State.HIRED,
        ]
    ).order_by("pk")[: len(SURVEY_ANSWERS)]
    answered = 0
    for application, (nps, recruiter_rating, interviewers, comment) in zip(
        interviewed, SURVEY_ANSWERS, strict=False
    ):
        survey = survey_send(application=application, occasion=DEMO_OCCASION)
        if survey is None or survey_state(survey) != "open":
            continue
        survey_answer(
            survey=survey,
            nps=nps,
            recruiter_rating=recruiter_rating,
            interviewers_rating=interviewers,
            comment=comment,
        )
        answered += 1
    total = Survey.objects.filter(answered_at__isnull=False).count()
    stdout.write(f"careers: {answered} demo survey answers added ({total} answered in all)")
