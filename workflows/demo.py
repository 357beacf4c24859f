"""Demo applications in every state on the demo hiring manager's open requisitions.

Idempotent: candidates are found by e-mail, an application that exists is left where it is. Every
move goes through `application_move`, so the demo has a real transition log and journal.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError

from candidates.models import Candidate
from requisitions.models import Requisition
from workflows import demo_history
from workflows.models import Application, DispositionReason
from workflows.services import (
    StaleApplication,
    application_create,
    application_move,
    screening_complete,
    screening_questions_ensure,
)

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
    "interviewing": ["screen", "*screening", "shortlist", "accept"],
    "offer": ["screen", "*screening", "shortlist", "accept", "make_offer"],
    "hired": ["screen", "*screening", "shortlist", "accept", "make_offer", "hire"],
    "rejected": ["screen", "reject"],
    "withdrawn": ["screen", "*screening", "withdraw"],
}


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


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


def _walk(app: Application, target: str, *, recruiter, manager) -> None:
    reasons = {
        "reject": DispositionReason.objects.filter(group="we_declined", is_system=False).first(),
        "withdraw": DispositionReason.objects.filter(group="candidate_withdrew").first(),
    }
    for step in PATHS[target]:
        if step == "*screening":
            _screen(app, recruiter)
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
        candidate, _ = Candidate.objects.get_or_create(
            email=_ascii(f"{first}.{last}@demo.tandem.example".lower()),
            defaults={
                "first_name": first,
                "last_name": last,
                "current_title": title,
                "current_company": company,
                "location": location,
                "skills": skills,
                "source": Candidate.Source.CAREER_SITE,
            },
        )
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
