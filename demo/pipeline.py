"""Demo applications in every state on the demo hiring manager's open requisitions, with
interviews in the past (held, with scorecards) and the future, and one extended offer.

Idempotent: candidates are found by e-mail, an application that exists is left where it is. Every
move goes through `application_move`, so the demo has a real transition log and journal.
"""

from __future__ import annotations

import unicodedata
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_create, candidate_index
from demo import history as demo_history
from requisitions.models import Requisition
from workflows.applications.services import (
    StaleApplication,
    application_create,
    application_move,
    screening_complete,
    screening_questions_ensure,
)
from workflows.interviews.services import (
    Slot,
    criteria_in_focus,
    interview_complete,
    interview_schedule,
    scorecard_submit,
)
from workflows.models import Application, DispositionReason
from workflows.offers.services import offer_create, offer_move

# first, last, title, company, location, skills, the state to reach
PEOPLE = [
    ("Amara", "Okafor", "Backend Developer", "Parcelly", "Berlin", ["python", "django"], "applied"),
    ("Jonas", "Weber", "Software Engineer", "Kontor", "Hamburg", ["go", "postgresql"], "applied"),
    ("Lucía", "Fernández", "Platform Engineer", "Nubo", "Madrid", ["python", "k8s"], "screening"),
    ("Mei", "Tanaka", "Senior Engineer", "Hikari", "Remote", ["python", "aws"], "shortlisted"),
    ("Tomás", "Novák", "Backend Engineer", "Pivo", "Prague", ["django", "redis"], "shortlisted"),
    ("Priya", "Raman", "Tech Lead", "Chai Labs", "London", ["python", "django"], "interviewing"),
    ("Elif", "Demir", "Staff Engineer", "Kahve", "Istanbul", ["postgresql", "python"], "offer"),
    ("Noah", "Martin", "Developer", "Boulange", "Lyon", ["php"], "rejected"),
    ("Sofia", "Rossi", "Engineer", "Gelato", "Milan", ["python"], "withdrawn"),
    ("Kwame", "Mensah", "Senior Developer", "Adinkra", "Accra", ["python", "django"], "hired"),
]

PATHS = {
    "applied": [],
    "screening": ["screen"],
    "shortlisted": ["screen", "*screening", "shortlist"],
    "interviewing": ["screen", "*screening", "shortlist", "accept", "*some_interviews"],
    "offer": ["screen", "*screening", "shortlist", "accept", "*interviews", "make_offer", "*offer"],
    "hired": ["screen", "*screening", "shortlist", "accept", "*interviews", "make_offer", "hire"],
    "rejected": ["screen", "reject"],
    "withdrawn": ["screen", "*screening", "withdraw"],
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _candidate(first, last, title, company, location, skills, *, by) -> Candidate:
    """The demo person, made by the service like anyone else (searchable and comparable)."""
    email = _ascii(f"{first}.{last}@demo.tandem.example".lower())
    candidate = Candidate.objects.filter(email__iexact=email).first()
    if candidate is None:
        return candidate_create(
            by=by,
            email=email,
            first_name=first,
            last_name=last,
            current_title=title,
            current_company=company,
            location=location,
            skills=skills,
            source=Candidate.Source.CAREER_SITE,
        )
    if not candidate.profile_terms:  # seeded by an earlier Tandem that skipped the service
        candidate_index(candidate=candidate, old_terms={})
    return candidate


def _screen(app: Application, recruiter) -> None:
    questions = screening_questions_ensure(requisition=app.requisition)
    answers = {
        q.pk: {"rating": 4, "text": "Strong evidence in the phone screen."}
        if q.is_rating
        else {"rating": None, "text": "Yes."}
        for q in questions
    }
    screening_complete(
        application=app,
        by=recruiter,
        answers=answers,
        summary="Clear communicator, relevant experience; meets the must-haves.",
    )


# Days from today of each stage's interview, per demo candidate (distinct: no double booking).
INTERVIEW_DAYS = {"interviewing": [-2, -1, 3], "offer": [-10, -9, -8], "hired": [-20, -19, -18]}


def _at(days: int):
    today = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    return today + timedelta(days=days)


def _scorecards(interview, *, skip=()) -> None:
    criteria = criteria_in_focus(interview)
    for user in interview.interviewers.all():
        if user.username in skip:
            continue
        scorecard_submit(
            interview=interview,
            by=user,
            recommendation="yes",
            notes="Concrete examples for every focus area; clear and honest about gaps.",
            ratings={
                c.pk: {"rating": 4 if n % 2 else 3, "evidence": "Walked us through a real case."}
                for n, c in enumerate(criteria)
            },
        )


def _interviews(app: Application, target: str, *, recruiter) -> None:
    """Past interviews held with scorecards (and, for `interviewing`, one waiting for the
    manager's scorecard and one still to come)."""
    stages = list(app.requisition.stages.order_by("order", "id"))
    for stage, days in zip(stages, INTERVIEW_DAYS[target], strict=False):
        interview = interview_schedule(
            application=app,
            stage=stage,
            slot=Slot(starts_at=_at(days), location="Berlin office, room Tandem"),
            by=recruiter,
        )
        if days > 0:
            continue
        interview_complete(interview=interview, by=recruiter)
        _scorecards(interview, skip={"manager"} if target == "interviewing" else ())


def _offer(app: Application, *, recruiter, manager) -> None:
    offer = offer_create(
        application=app,
        by=recruiter,
        salary=Decimal("78000"),
        currency="EUR",
        start_date=timezone.localdate() + timedelta(days=45),
        notes="Hybrid, Berlin office two days a week; 30 days of holiday.",
    )
    offer = offer_move(offer=offer, transition="approve", by=manager)
    offer_move(offer=offer, transition="extend", by=recruiter)


def _walk(app: Application, target: str, *, recruiter, manager) -> None:
    reasons = {
        "reject": DispositionReason.objects.filter(group="we_declined", is_system=False).first(),
        "withdraw": DispositionReason.objects.filter(group="candidate_withdrew").first(),
    }
    for step in PATHS[target]:
        if step == "*screening":
            _screen(app, recruiter)
            continue
        if step in ("*interviews", "*some_interviews"):
            _interviews(app, target, recruiter=recruiter)
            continue
        if step == "*offer":
            _offer(app, recruiter=recruiter, manager=manager)
            continue
        app = application_move(
            application=app,
            transition=step,
            by=manager if step in ("accept", "decline") else recruiter,
            reason=reasons.get(step),
        )


def seed(*, users: dict, stdout) -> None:
    recruiter, manager = users.get("recruiter"), users.get("manager")
    if recruiter is None or manager is None:
        return
    requisitions = list(
        Requisition.objects.filter(hiring_manager=manager, status=Requisition.Status.OPEN)
        .exclude(slug__in=demo_history.SLUGS)  # the past searches have their own story
        .order_by("-headcount", "pk")
    )
    if not requisitions:
        stdout.write("workflows: no open requisition for 'manager' yet; no demo applications")
        return
    main = requisitions[0]
    # Hiring fills a requisition at its last headcount: hire on the main one only if it has room
    # for more, else on another open one; with neither, the demo has no hired candidate.
    hire_on = main if main.headcount > 1 else (requisitions[-1] if len(requisitions) > 1 else None)
    made = 0
    for first, last, title, company, location, skills, target in PEOPLE:
        requisition = hire_on if target == "hired" else main
        if requisition is None:
            continue
        candidate = _candidate(first, last, title, company, location, skills, by=recruiter)
        if Application.objects.filter(candidate=candidate, requisition=requisition).exists():
            continue
        requisition.refresh_from_db()
        if requisition.status != Requisition.Status.OPEN:
            continue
        app = application_create(
            candidate=candidate, requisition=requisition, by=recruiter, source=candidate.source
        )
        try:
            _walk(app, target, recruiter=recruiter, manager=manager)
        except (ValidationError, PermissionDenied, StaleApplication) as error:
            stdout.write(f"workflows: {candidate} stopped short of {target}: {error}")
        made += 1
    stdout.write(f"workflows: {made} demo applications created")
