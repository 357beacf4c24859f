"""The only writers of applications, their moves, screening and notes (the screening form's
writers live in screening.py and are reached from here too)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_fsm import ConcurrentTransition

from ats.guards import Guard, transition_run
from ats.people import person_name
from ats.rules import may
from candidates.mentions import mentions_notify
from candidates.models import Candidate, JournalEntry
from requisitions.models import Requisition
from requisitions.services import requisition_fill
from workflows.applications import guards, milestones
from workflows.applications.moves import MOVES, Move
from workflows.applications.screening import (
    ScreeningEntry,
    check_screening,
    do_screening_complete,
    screening_complete,
    screening_question_add,
    screening_questions_ensure,
)
from workflows.models import (
    Application,
    ApplicationTransition,
    DispositionReason,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User


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
    *, candidate: Candidate, requisition: Requisition, by: User | None = None, source: str = ""
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


@dataclass(frozen=True)
class MoveInputs:
    """What the mover supplies with a move (the form's fields)."""

    reason: DispositionReason | None = None
    note: str = ""
    feedback: str = ""
    override_justification: str = ""

    def cleaned(self) -> MoveInputs:
        return MoveInputs(
            reason=self.reason,
            note=self.note.strip(),
            feedback=self.feedback.strip(),
            override_justification=self.override_justification.strip(),
        )


@dataclass
class MoveCheck:
    """What `check_move` found; `refusal()` is the exception to raise, or None to go ahead.

    `missing` is what the mover must supply (keyed by form field); `blockers` the process guards
    that fail, as (name, why); `overridden` says an admin waives them with a justification.
    """

    move: Move
    from_state: str
    not_possible: str = ""
    denied: str = ""
    missing: dict[str, str] = field(default_factory=dict)
    blockers: list[tuple[str, str]] = field(default_factory=list)
    override_denied: bool = False
    overridden: bool = False

    @property
    def waived(self) -> frozenset[str]:
        """The guards the move runs without (an admin's override)."""
        return frozenset(name for name, _ in self.blockers) if self.overridden else frozenset()

    def refusal(self) -> Exception | None:
        if self.not_possible:
            return TransitionBlocked(self.not_possible)
        if self.denied:
            return PermissionDenied(self.denied)
        if self.missing:
            return ValidationError(self.missing)
        if self.blockers and not self.overridden:
            if self.override_denied:
                return PermissionDenied("Only an admin may override a blocking guard.")
            return TransitionBlocked([why for _, why in self.blockers])
        return None


def _reason_offered(move: Move, reason: DispositionReason, by: User | None) -> bool:
    # People choose among the move's reason groups; Tandem itself (by=None) may also give a
    # system reason (e.g. the knock-out question failed).
    system_move = reason.is_system and by is None
    offered = not reason.is_system and reason.group in move.reason_groups
    return reason.active and (system_move or offered)


def _missing_inputs(move: Move, inputs: MoveInputs, by: User | None) -> dict[str, str]:
    missing = {}
    reason = inputs.reason
    if move.needs_reason and reason is not None and not _reason_offered(move, reason, by):
        missing["reason"] = "Choose one of the reasons offered."
    if move.needs_note and not inputs.note:
        missing["note"] = "Say why the application is reopened."
    return missing


def stage_inputs(application: Application, move: Move, inputs: MoveInputs) -> None:
    """Put what the mover supplied on the (locked, unsaved) application, where the guards and the
    transition read it; `do_move` saves it, a refused move's transaction drops it."""
    if move.needs_reason:
        application.disposition_reason = inputs.reason
        application.disposition_note = inputs.note
    if move.needs_feedback:
        application.decline_feedback = inputs.feedback


def check_move(
    application: Application, *, move: Move, by: User | None, inputs: MoveInputs
) -> MoveCheck:
    """Whether `by` (None: Tandem itself) may move `application` (inputs staged) by `move` now,
    and if not, why: not possible from its state, not theirs to make, what they must supply, the
    process guards that block (which an admin may override with a justification). Reads only."""
    from_state = application.state
    check = MoveCheck(move=move, from_state=from_state)
    fsm_transition = getattr(application, move.name)._django_fsm.get_transition(from_state)
    if fsm_transition is None:
        state = application.get_state_display().lower()
        check.not_possible = f"{move.label} is not possible from {state}."
        return check
    if by is not None and not fsm_transition.has_perm(application, by):
        check.denied = f"You may not {move.label.lower()} this candidate."
        return check
    check.missing = _missing_inputs(move, inputs, by)
    for condition in fsm_transition.conditions:
        if isinstance(condition, guards.ProcessGuard):
            if why := condition.check(application):
                check.blockers.append((condition.name, why))
        elif isinstance(condition, Guard) and (why := condition.reason(application)):
            check.missing.setdefault(guards.INPUT_FIELDS.get(condition.name, "__all__"), why)
    if check.blockers and inputs.override_justification:
        check.override_denied = by is None or not may(by, "workflows.override_guard")
        check.overridden = not check.override_denied
    return check


def _lock_for_move(application: Application, move: Move) -> Application:
    if move.name == "hire":
        # Hires compete for the headcount: lock the requisition first (always requisition, then
        # application) so a second concurrent hire sees it filled and is refused.
        Requisition.objects.select_for_update().filter(pk=application.requisition_id).first()
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("requisition", "candidate")
        .get(pk=application.pk)
    )


@transaction.atomic
def application_move(
    *,
    application: Application,
    transition: str,
    by: User | None,
    reason: DispositionReason | None = None,
    note: str = "",
    feedback: str = "",
    override_justification: str = "",
    expected_state: str | None = None,
) -> Application:
    """Move `application` by the named transition on behalf of `by` (None: Tandem itself).

    Locks the row; refuses with StaleApplication when `expected_state` (the state the user saw)
    is no longer the state; then `check_move` decides: PermissionDenied (not theirs to make),
    ValidationError keyed by form field (reason, feedback, note: what the mover must supply) or
    TransitionBlocked (the process guards' reasons). An admin may override blocking process
    guards with a written justification; the override is logged and journaled. `do_move` writes.
    """
    move = MOVES.get(transition)
    if move is None:
        raise ValidationError({"transition": f"Unknown move: {transition!r}."})
    locked = _lock_for_move(application, move)
    if expected_state is not None and expected_state != locked.state:
        raise StaleApplication(locked, _last_mover(locked))
    inputs = MoveInputs(
        reason=reason,
        note=note,
        feedback=feedback,
        override_justification=override_justification,
    ).cleaned()
    stage_inputs(locked, move, inputs)
    check = check_move(locked, move=move, by=by, inputs=inputs)
    if refusal := check.refusal():
        raise refusal
    do_move(locked, check=check, by=by, inputs=inputs)
    if application is not locked:
        application.refresh_from_db()
    return locked


def do_move(application: Application, *, check: MoveCheck, by: User | None, inputs: MoveInputs):
    """Write the move `check_move` allowed: the state (the overridden guards waived by name),
    the transition log row, the journal, and what the move brings with it (screening questions,
    filling the requisition, the milestone messages)."""
    move, now = check.move, timezone.now()
    transition_run(getattr(application, move.name), waived=check.waived)
    application.state_changed_at = now
    try:
        application.save(update_fields=MOVE_FIELDS)
    except ConcurrentTransition:
        raise StaleApplication(application, _last_mover(application)) from None
    overridden = check.overridden
    move_row = ApplicationTransition.objects.create(
        application=application,
        transition=move.name,
        from_state=check.from_state,
        to_state=application.state,
        by=by,
        reason=inputs.reason if move.needs_reason else None,
        note=inputs.note,
        overridden=overridden,
        override_justification=inputs.override_justification if overridden else "",
        overridden_guards=[name for name, _ in check.blockers] if overridden else [],
        created_at=now,
    )
    _journal_move(application, check=check, by=by, inputs=inputs)
    if move.needs_feedback:
        JournalEntry.objects.create(
            candidate=application.candidate,
            requisition=application.requisition,
            kind=JournalEntry.Kind.FEEDBACK,
            actor=by,
            summary=f"Hiring manager's feedback on declining {application.candidate}",
            body=inputs.feedback,
        )
    if move.name == "screen":
        screening_questions_ensure(requisition=application.requisition)
    if move.name == "hire":
        _fill_when_headcount_reached(application.requisition)
    milestones.after_move(application, move_row)


MOVE_FIELDS = [
    "state",
    "state_changed_at",
    "disposition_reason",
    "disposition_note",
    "decline_feedback",
    "updated_at",
]


def _journal_move(app: Application, *, check: MoveCheck, by: User | None, inputs: MoveInputs):
    from_label = Application.State(check.from_state).label
    summary = f"{check.move.label}: {from_label} → {app.get_state_display()}"
    lines = []
    if check.move.needs_reason and inputs.reason is not None:
        lines.append(f"Reason: {inputs.reason}")
    if inputs.note:
        lines.append(f"Note: {inputs.note}")
    if check.overridden:
        summary += " (guard overridden by an admin)"
        lines.append("Overridden: " + " ".join(why for _, why in check.blockers))
        lines.append(f"Justification: {inputs.override_justification}")
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
def application_note_add(*, application: Application, by: User, body: str) -> JournalEntry:
    """A note on the application by a recruiter or its hiring manager, kept in the journal."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": "Write the note first."})
    author = person_name(by, nobody="Tandem")
    entry = JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.NOTE,
        actor=by,
        summary=f"Note by {author}: {body[:80]}{'…' if len(body) > 80 else ''}",
        body=body,
    )
    mentions_notify(entry=entry)  # each @username in it tells that colleague
    return entry


__all__ = [
    "AlreadyInPipeline",
    "MoveCheck",
    "MoveInputs",
    "ScreeningEntry",
    "StaleApplication",
    "TransitionBlocked",
    "application_create",
    "application_move",
    "application_note_add",
    "check_move",
    "check_screening",
    "do_move",
    "do_screening_complete",
    "screening_complete",
    "screening_question_add",
    "screening_questions_ensure",
    "stage_inputs",
]
