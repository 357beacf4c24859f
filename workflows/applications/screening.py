"""The screening form: its questions (one per must-have, then the recruiter's own) and its
completion (check, then write)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ats.rules import may
from candidates.models import JournalEntry
from requisitions.models import Criterion, Requisition
from workflows.applications import milestones
from workflows.models import Application, ScreeningAnswer, ScreeningQuestion, ScreeningResponse

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def screening_questions_ensure(*, requisition: Requisition) -> list[ScreeningQuestion]:
    """The requisition's screening questions, creating the missing one-per-must-have defaults."""
    existing = set(
        ScreeningQuestion.objects.filter(
            requisition=requisition, criterion__isnull=False
        ).values_list("criterion_id", flat=True)
    )
    must_haves = Criterion.objects.filter(
        requisition=requisition, kind=Criterion.Kind.MUST_HAVE
    ).exclude(pk__in=existing)
    for criterion in must_haves:
        default = ScreeningQuestion.default_for(criterion)
        ScreeningQuestion.objects.get_or_create(
            requisition=requisition,
            criterion=criterion,
            defaults={"text": default.text, "required": True, "order": default.order},
        )
    return list(
        ScreeningQuestion.objects.filter(requisition=requisition).select_related("criterion")
    )


@transaction.atomic
def screening_question_add(
    *, requisition: Requisition, text: str, required: bool = True
) -> ScreeningQuestion:
    """A custom question on the requisition's screening form (after the must-have ones)."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the question."})
    last = ScreeningQuestion.objects.filter(requisition=requisition).order_by("-order").first()
    return ScreeningQuestion.objects.create(
        requisition=requisition,
        text=text,
        required=required,
        order=(last.order + 1) if last else 100,
    )


@dataclass
class ScreeningEntry:
    """A screening form as typed: answers cleaned (question id → (rating, text)), the mean
    rating, and what is missing keyed `q<id>` / `summary` (`check_screening` fills it)."""

    summary: str
    answers: dict[int, tuple[int | None, str]] = field(default_factory=dict)
    missing: dict[str, str] = field(default_factory=dict)

    @property
    def mean(self) -> Decimal | None:
        ratings = [rating for rating, _ in self.answers.values() if rating is not None]
        if not ratings:
            return None
        return (Decimal(sum(ratings)) / len(ratings)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def _screening_answer(question: ScreeningQuestion, given: dict) -> tuple[int | None, str, str]:
    """(rating, text, what is wrong) for one question's answer."""
    rating = int(given["rating"]) if given.get("rating") else None
    text = (given.get("text") or "").strip()
    wrong = ""
    if rating is not None and not 1 <= rating <= 5:
        wrong = "Rate from 1 to 5."
    if question.required and question.is_rating and rating is None:
        wrong = "Rate this must-have."
    if question.required and not question.is_rating and not text:
        wrong = "This question needs an answer."
    return rating, text, wrong


def check_screening(
    questions: list[ScreeningQuestion], *, answers: dict[int, dict], summary: str
) -> ScreeningEntry:
    """Clean the answers to `questions` and say what is missing: every required question
    answered (a rating for a must-have, text for a custom one) and the summary written."""
    entry = ScreeningEntry(summary=summary.strip())
    for question in questions:
        rating, text, wrong = _screening_answer(question, answers.get(question.pk) or {})
        if wrong:
            entry.missing[f"q{question.pk}"] = wrong
        entry.answers[question.pk] = (rating, text)
    if not entry.summary:
        entry.missing["summary"] = "Write a summary for the hiring manager."
    return entry


@transaction.atomic
def screening_complete(
    *, application: Application, by: User, answers: dict[int, dict], summary: str
) -> ScreeningResponse:
    """Record the screening of `application`: `answers` maps question id → {rating, text}.

    Every required question must be answered (a rating for a must-have question, text for a
    custom one) and the summary written; otherwise ValidationError keyed `q<id>` / `summary` and
    nothing is saved. Completing it again updates the answers.
    """
    if not may(by, "workflows.screen_applications"):
        raise PermissionDenied("Only recruiters complete the screening form.")
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not may(by, "workflows.fill_screening", application):
        raise ValidationError("The screening form can only be changed before shortlisting.")
    questions = screening_questions_ensure(requisition=application.requisition)
    entry = check_screening(questions, answers=answers, summary=summary)
    if entry.missing:
        raise ValidationError(entry.missing)
    return do_screening_complete(application, by=by, entry=entry)


def do_screening_complete(
    application: Application, *, by: User, entry: ScreeningEntry
) -> ScreeningResponse:
    """Write the screening `check_screening` cleaned, its journal entry, and what it brings
    (the first-screening duty is done)."""
    mean = entry.mean
    response, _ = ScreeningResponse.objects.update_or_create(
        application=application,
        defaults={
            "summary": entry.summary,
            "rating": mean,
            "completed_at": timezone.now(),
            "completed_by": by,
        },
    )
    for question_id, (rating, text) in entry.answers.items():
        ScreeningAnswer.objects.update_or_create(
            response=response, question_id=question_id, defaults={"rating": rating, "text": text}
        )
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.NOTE,
        actor=by,
        summary=f"Screening form completed{f' (rating {mean})' if mean else ''}",
        body=entry.summary,
    )
    milestones.after_screening(application)
    return response
