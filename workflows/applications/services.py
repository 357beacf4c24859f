"""The only writers of applications, their moves, screening and notes."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition, has_transition_perm

from ats.guards import Guard
from ats.people import person_name
from ats.rules import may
from candidates.models import Candidate, JournalEntry
from requisitions.models import Criterion, Requisition
from requisitions.services import requisition_fill
from workflows.applications import guards, milestones
from workflows.applications.moves import MOVES
from workflows.models import (
    Application,
    ApplicationTransition,
    DispositionReason,
    ScreeningAnswer,
    ScreeningQuestion,
    ScreeningResponse,
)


class AlreadyInPipeline(Exception):
    """The candidate already has an application on this requisition."""

    def __init__(self, application: Application):
        super().__init__(f"{application.candidate} is already in this pipeline.")
        self.application = application


class TransitionBlocked(ValidationError):
    """A process guard refused the move; `.messages` says why, in words for the page."""


class StaleApplication(Exception):
    """Someone moved the application since the page was shown; nothing was changed."""

    def __init__(self, application: Application, moved_by: str):
        self.application = application
        self.moved_by = moved_by
        super().__init__(f"This candidate was just moved by {moved_by}; reload the page.")


@transaction.atomic
def application_create(
    *, candidate: Candidate, requisition: Requisition, by=None, source: str = ""
) -> Application:
    """Put `candidate` into `requisition`'s pipeline (state `applied`) and journal it.

    Raises AlreadyInPipeline when they are in it already; nothing new is written then.
    """
    existing = Application.objects.filter(candidate=candidate, requisition=requisition).first()
    if existing:
        raise AlreadyInPipeline(existing)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                candidate=candidate,
                requisition=requisition,
                source=source or candidate.source,
                created_by=by,
            )
    except IntegrityError:
        raise AlreadyInPipeline(
            Application.objects.get(candidate=candidate, requisition=requisition)
        ) from None
    JournalEntry.objects.create(
        candidate=candidate,
        requisition=requisition,
        kind=JournalEntry.Kind.STAGE_MOVE,
        actor=by,
        summary=f"Added to the pipeline of {requisition.title}",
    )
    milestones.after_create(application)
    return application


def _last_mover(application: Application) -> str:
    last = application.transitions.select_related("by").order_by("-created_at", "-id").first()
    return last.by_label if last else "someone else"


@transaction.atomic
def application_move(
    *,
    application: Application,
    transition: str,
    by,
    reason: DispositionReason | None = None,
    note: str = "",
    feedback: str = "",
    override_justification: str = "",
    expected_state: str | None = None,
) -> Application:
    """Move `application` by the named transition on behalf of `by` (None: Tandem itself).

    Locks the row; refuses with StaleApplication when `expected_state` (the state the user saw)
    is no longer the state; checks the permission (PermissionDenied), what the mover must supply
    (ValidationError keyed by form field: reason, feedback, note) and the process guards
    (TransitionBlocked with the reasons). An admin may override blocking process guards with a
    written justification; the override is logged and journaled. Writes the transition log row
    and the journal entry; hiring the last headcount fills the requisition.
    """
    move = MOVES.get(transition)
    if move is None:
        raise ValidationError({"transition": f"Unknown move: {transition!r}."})
    if transition == "hire":
        # Hires compete for the headcount: lock the requisition first (always requisition, then
        # application) so a second concurrent hire sees it filled and is refused.
        Requisition.objects.select_for_update().filter(pk=application.requisition_id).first()
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("requisition", "candidate")
        .get(pk=application.pk)
    )
    from_state = locked.state
    if expected_state is not None and expected_state != from_state:
        raise StaleApplication(locked, _last_mover(locked))

    method = getattr(locked, transition)
    meta = method._django_fsm
    fsm_transition = meta.get_transition(from_state)
    if fsm_transition is None:
        raise TransitionBlocked(
            f"{move.label} is not possible from {locked.get_state_display().lower()}."
        )
    if by is not None and not fsm_transition.has_perm(locked, by):
        raise PermissionDenied(f"You may not {move.label.lower()} this candidate.")

    note, feedback = note.strip(), feedback.strip()
    override_justification = override_justification.strip()
    if move.needs_reason:
        if reason is not None:
            # People choose among the move's reason groups; Tandem itself (by=None) may also
            # give a system reason (e.g. the knock-out question failed).
            system_move = reason.is_system and by is None
            offered = not reason.is_system and reason.group in move.reason_groups
            if not reason.active or not (system_move or offered):
                raise ValidationError({"reason": "Choose one of the reasons offered."})
        locked.disposition_reason = reason
        locked.disposition_note = note
    if move.needs_feedback:
        locked.decline_feedback = feedback
    if move.needs_note and not note:
        raise ValidationError({"note": "Say why the application is reopened."})

    input_errors, blockers = {}, []
    for condition in fsm_transition.conditions:
        if isinstance(condition, guards.ProcessGuard):
            why = condition.check(locked)
            if why:
                blockers.append((condition.name, why))
        elif isinstance(condition, Guard):
            why = condition.reason(locked)
            if why:
                input_errors[guards.INPUT_FIELDS.get(condition.name, "__all__")] = why
    if input_errors:
        raise ValidationError(input_errors)
    overridden = False
    if blockers:
        if not override_justification:
            raise TransitionBlocked([why for _, why in blockers])
        if by is None or not may(by, "workflows.override_guard"):
            raise PermissionDenied("Only an admin may override a blocking guard.")
        overridden = True
        locked._override_justification = override_justification
    elif by is not None and not has_transition_perm(method, by):
        raise PermissionDenied(f"You may not {move.label.lower()} this candidate.")

    now = timezone.now()
    method()
    locked.state_changed_at = now
    try:
        locked.save(
            update_fields=[
                "state",
                "state_changed_at",
                "disposition_reason",
                "disposition_note",
                "decline_feedback",
                "updated_at",
            ]
        )
    except ConcurrentTransition:
        raise StaleApplication(locked, _last_mover(locked)) from None
    finally:
        locked.__dict__.pop("_override_justification", None)

    move_row = ApplicationTransition.objects.create(
        application=locked,
        transition=transition,
        from_state=from_state,
        to_state=locked.state,
        by=by,
        reason=reason if move.needs_reason else None,
        note=note,
        overridden=overridden,
        override_justification=override_justification if overridden else "",
        overridden_guards=[name for name, _ in blockers] if overridden else [],
        created_at=now,
    )
    _journal_move(
        locked,
        move_label=move.label,
        from_state=from_state,
        by=by,
        reason=reason if move.needs_reason else None,
        note=note,
        blockers=blockers if overridden else [],
        justification=override_justification,
    )
    if move.needs_feedback:
        JournalEntry.objects.create(
            candidate=locked.candidate,
            requisition=locked.requisition,
            kind=JournalEntry.Kind.FEEDBACK,
            actor=by,
            summary=f"Hiring manager's feedback on declining {locked.candidate}",
            body=feedback,
        )
    if transition == "screen":
        screening_questions_ensure(requisition=locked.requisition)
    if transition == "hire":
        _fill_when_headcount_reached(locked.requisition)
    milestones.after_move(locked, move_row)
    if application is not locked:
        application.refresh_from_db()
    return locked


def _journal_move(app, *, move_label, from_state, by, reason, note, blockers, justification):
    from_label = Application.State(from_state).label
    summary = f"{move_label}: {from_label} → {app.get_state_display()}"
    lines = []
    if reason is not None:
        lines.append(f"Reason: {reason}")
    if note:
        lines.append(f"Note: {note}")
    if blockers:
        summary += " (guard overridden by an admin)"
        lines.append("Overridden: " + " ".join(why for _, why in blockers))
        lines.append(f"Justification: {justification}")
    JournalEntry.objects.create(
        candidate=app.candidate,
        requisition=app.requisition,
        kind=JournalEntry.Kind.STAGE_MOVE,
        actor=by,
        summary=summary[:300],
        body="\n".join(lines),
    )


def _fill_when_headcount_reached(requisition: Requisition) -> None:
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    hired = Application.objects.filter(requisition=locked, state=Application.State.HIRED).count()
    if hired >= locked.headcount and locked.status == Requisition.Status.OPEN:
        requisition_fill(requisition=locked)
        from workflows.applications.closing import closing_duty_ensure  # it calls this module

        closing_duty_ensure(requisition=locked)


@transaction.atomic
def application_note_add(*, application: Application, by, body: str) -> JournalEntry:
    """A note on the application by a recruiter or its hiring manager, kept in the journal."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write the note first."})
    author = person_name(by, nobody="Tandem")
    return JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.NOTE,
        actor=by,
        summary=f"Note by {author}: {body[:80]}{'…' if len(body) > 80 else ''}",
        body=body,
    )


# --- screening ---------------------------------------------------------------------------------


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


@transaction.atomic
def screening_complete(
    *, application: Application, by, answers: dict[int, dict], summary: str
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
    errors: dict[str, str] = {}
    cleaned: dict[int, tuple[int | None, str]] = {}
    for question in questions:
        given = answers.get(question.pk) or {}
        rating = given.get("rating") or None
        text = (given.get("text") or "").strip()
        if rating is not None:
            rating = int(rating)
            if not 1 <= rating <= 5:
                errors[f"q{question.pk}"] = "Rate from 1 to 5."
        if question.required:
            if question.is_rating and rating is None:
                errors[f"q{question.pk}"] = "Rate this must-have."
            if not question.is_rating and not text:
                errors[f"q{question.pk}"] = "This question needs an answer."
        cleaned[question.pk] = (rating, text)
    summary = summary.strip()
    if not summary:
        errors["summary"] = "Write a summary for the hiring manager."
    if errors:
        raise ValidationError(errors)

    ratings = [rating for rating, _ in cleaned.values() if rating is not None]
    mean = (
        (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if ratings
        else None
    )
    response, _ = ScreeningResponse.objects.update_or_create(
        application=application,
        defaults={
            "summary": summary,
            "rating": mean,
            "completed_at": timezone.now(),
            "completed_by": by,
        },
    )
    for question_id, (rating, text) in cleaned.items():
        ScreeningAnswer.objects.update_or_create(
            response=response, question_id=question_id, defaults={"rating": rating, "text": text}
        )
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.NOTE,
        actor=by,
        summary=f"Screening form completed{f' (rating {mean})' if mean else ''}",
        body=summary,
    )
    milestones.after_screening(application)
    return response
