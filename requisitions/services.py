"""The only writers of requisition state."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from ats.guards import blocked_reasons
from ats.people import person_name
from ats.rules import may
from requisitions.models import (
    SLA_MAX_HOURS,
    TRANSITIONS,
    Criterion,
    Duty,
    IntakeMeeting,
    InterviewStage,
    KnockoutQuestion,
    Requisition,
    RequisitionEvent,
    ServiceLevel,
    criteria_problems,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MOVE_SUMMARY = {
    "open": "Opened the search",
    "hold": "Put the search on hold",
    "resume": "Resumed the search",
    "fill": "Marked the requisition filled",
    "cancel": "Cancelled the requisition",
}
DETAIL_FIELDS = (
    "title",
    "department",
    "location",
    "employment_type",
    "headcount",
    "description",
    "target_fill_date",
    "published",
)
STAFFING_FIELDS = ("hiring_manager", "recruiter")


class TransitionBlocked(ValidationError):
    """A guard refused the move; `.messages` says why, in words for the page."""


# --- who may do what (pure answers the pages use to show or hide controls) ------------------


def can_edit_details(user: User, requisition: Requisition) -> bool:
    """Recruiters and admins edit any open-ended requisition; an HM their own draft request."""
    return may(user, "requisitions.edit_details", requisition)


def can_work_intake(user: User, requisition: Requisition) -> bool:
    """The recruiter side and the requisition's own HM work the intake until it closes."""
    return may(user, "requisitions.edit_intake", requisition)


def _require_intake_access(user: User, requisition: Requisition) -> None:
    if requisition.is_closed:
        raise ValidationError("This requisition is closed; its intake can no longer change.")
    if not can_work_intake(user, requisition):
        raise PermissionDenied("Only the recruiter side and this requisition's HM edit the intake.")


def _event(requisition: Requisition, by: User | None, kind: str, summary: str) -> RequisitionEvent:
    return RequisitionEvent.objects.create(
        requisition=requisition, actor=by, kind=kind, summary=summary
    )


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """A slug from `title`, made unique with -2, -3 ... ("senior-backend-engineer-2")."""
    base = slugify(title)[:200].strip("-") or "requisition"
    taken = set(
        Requisition.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_staff(*, hiring_manager, recruiter) -> None:
    errors = {}
    if hiring_manager is None or not hiring_manager.is_active:
        errors["hiring_manager"] = "Choose an active hiring manager."
    elif not may(hiring_manager, "requisitions.be_hiring_manager"):
        errors["hiring_manager"] = f"{hiring_manager} is not a hiring manager."
    if recruiter is not None:
        if not recruiter.is_active:
            errors["recruiter"] = "Choose an active recruiter."
        elif not may(recruiter, "requisitions.be_recruiter"):
            errors["recruiter"] = f"{recruiter} is not a recruiter."
    if errors:
        raise ValidationError(errors)


def _full_clean(requisition: Requisition) -> None:
    requisition.full_clean(exclude=["status", "slug", "created_by"], validate_unique=False)


# --- create, request, edit -------------------------------------------------------------------


@transaction.atomic
def requisition_create(
    *,
    by: User,
    title: str,
    department: str,
    location: str,
    hiring_manager,
    recruiter=None,
    employment_type: str = Requisition.EmploymentType.FULL_TIME,
    headcount: int = 1,
    description: str = "",
    target_fill_date: datetime.date | None = None,
) -> Requisition:
    """A recruiter (or admin) opens a draft requisition and names its HM (and recruiter: them)."""
    if not may(by, "requisitions.create_requisition"):
        raise PermissionDenied("Only recruiters create requisitions; hiring managers request them.")
    if recruiter is None and may(by, "requisitions.be_recruiter"):
        recruiter = by
    _check_staff(hiring_manager=hiring_manager, recruiter=recruiter)
    return _requisition_new(
        by=by,
        event=RequisitionEvent.Kind.CREATED,
        summary=f"Created for {person_name(hiring_manager)}",
        title=title,
        department=department,
        location=location,
        employment_type=employment_type,
        headcount=headcount,
        description=description,
        target_fill_date=target_fill_date,
        hiring_manager=hiring_manager,
        recruiter=recruiter,
    )


def _requisition_new(*, by: User, event: str, summary: str, **fields) -> Requisition:
    """Validate, slug, save and log a new draft requisition (for create and request)."""
    for name in ("title", "department", "location", "description"):
        fields[name] = fields[name].strip()
    requisition = Requisition(**fields, created_by=by)
    _full_clean(requisition)
    requisition.slug = unique_slug(requisition.title)
    requisition.save()
    _event(requisition, by, event, summary)
    return requisition


@transaction.atomic
def requisition_request(
    *,
    by: User,
    title: str,
    department: str,
    location: str,
    employment_type: str = Requisition.EmploymentType.FULL_TIME,
    headcount: int = 1,
    description: str = "",
    target_fill_date: datetime.date | None = None,
) -> Requisition:
    """A hiring manager asks for a new hire: a draft with them as HM and no recruiter yet."""
    if not may(by, "requisitions.request_requisition"):
        raise PermissionDenied("Only hiring managers request requisitions.")
    return _requisition_new(
        by=by,
        event=RequisitionEvent.Kind.REQUESTED,
        summary="Requested by the hiring manager",
        title=title,
        department=department,
        location=location,
        employment_type=employment_type,
        headcount=headcount,
        description=description,
        target_fill_date=target_fill_date,
        hiring_manager=by,
        recruiter=None,
    )


@transaction.atomic
def requisition_update(*, requisition: Requisition, by: User, **changes) -> Requisition:
    """Edit the details (and, for recruiters, the HM and recruiter) of `requisition`.

    The slug follows the title while the requisition is a draft, and stays put once it is public.
    """
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if not can_edit_details(by, locked):
        raise PermissionDenied("You may not edit this requisition.")
    allowed = DETAIL_FIELDS + (STAFFING_FIELDS if may(by, "requisitions.edit_staffing") else ())
    unknown = set(changes) - set(allowed)
    if unknown:
        raise PermissionDenied(f"You may not change {', '.join(sorted(unknown))}.")
    changed = []
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    if not changed:
        return locked
    if set(changed) & set(STAFFING_FIELDS):
        _check_staff(hiring_manager=locked.hiring_manager, recruiter=locked.recruiter)
    _full_clean(locked)
    if "title" in changed and locked.status == Requisition.Status.DRAFT:
        locked.slug = unique_slug(locked.title, exclude_pk=locked.pk)
    locked.save()
    labels = [str(Requisition._meta.get_field(name).verbose_name) for name in changed]
    _event(locked, by, RequisitionEvent.Kind.UPDATED, "Edited " + ", ".join(labels))
    return locked


# --- status moves ----------------------------------------------------------------------------


@transaction.atomic
def requisition_move(
    *, requisition: Requisition, transition: str, by: User | None, reason: str = ""
) -> Requisition:
    """Move `requisition` by the named transition on behalf of `by`, and log the move.

    `by=None` is Tandem itself (e.g. hiring the last headcount fills the requisition): no
    permission check then. Raises PermissionDenied, TransitionBlocked (with reasons) or
    ValidationError (unknown transition, a cancel without a reason).
    """
    if transition not in TRANSITIONS:
        raise ValidationError(f"Unknown requisition transition: {transition!r}.")
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    method = getattr(locked, transition)
    meta = method._django_fsm
    if (
        by is not None
        and meta.has_transition(locked.status)
        and not meta.has_transition_perm(locked, locked.status, by)
    ):
        raise PermissionDenied(f"You may not {transition} this requisition.")
    reasons = blocked_reasons(method)
    if reasons:
        raise TransitionBlocked(reasons)
    if transition == "cancel":
        if not reason.strip():
            raise ValidationError({"reason": "Say why the requisition is cancelled."})
        locked.cancel_reason = reason.strip()
    before = locked.get_status_display()
    method()
    now = timezone.now()
    if transition == "open" and locked.opened_at is None:
        locked.opened_at = now
    if transition in ("fill", "cancel"):
        locked.closed_at = now
    locked.save()
    summary = f"{MOVE_SUMMARY[transition]} ({before} → {locked.get_status_display()})"
    if transition == "cancel":
        summary += f": {locked.cancel_reason}"
    _event(locked, by, RequisitionEvent.Kind.MOVED, summary)
    requisition.refresh_from_db()
    return locked


def requisition_fill(*, requisition: Requisition, by: User | None = None) -> Requisition:
    """Mark `requisition` filled (Tandem calls this when the last headcount is hired)."""
    return requisition_move(requisition=requisition, transition="fill", by=by)


# --- the intake ------------------------------------------------------------------------------


def _clean_list(items: Sequence[str]) -> list[str]:
    seen, result = set(), []
    for item in items:
        text = " ".join(str(item).split())
        if text and text.lower() not in seen:
            seen.add(text.lower())
            result.append(text)
    return result


@transaction.atomic
def intake_save(
    *,
    requisition: Requisition,
    by: User,
    responsibilities: str = "",
    notes: str = "",
    meeting_at: datetime.datetime | None = None,
    attendees: Sequence = (),
    held: bool = False,
    remote_policy: str = "",
    locations: Sequence[str] = (),
    target_companies: Sequence[str] = (),
    job_boards: Sequence[str] = (),
    keywords: Sequence[str] = (),
    referral_notes: str = "",
) -> IntakeMeeting:
    """Save the kick-off meeting and the sourcing strategy (both sides may)."""
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    _require_intake_access(by, requisition)
    if held and meeting_at is None:
        raise ValidationError({"meeting_at": "Say when the intake meeting took place."})
    if requisition.status != Requisition.Status.DRAFT and not held:
        # The search opened on a held intake; what was agreed there stays on record.
        raise ValidationError(
            {"held": "The search is under way: the intake meeting stays marked as held."}
        )
    if held and meeting_at is not None and meeting_at > timezone.now():
        raise ValidationError({"held": "A meeting in the future cannot have been held yet."})
    intake = requisition.intake_or_none or IntakeMeeting(requisition=requisition)
    was_held = intake.held
    intake.responsibilities = responsibilities.strip()
    intake.notes = notes.strip()
    intake.meeting_at = meeting_at
    intake.held = held
    intake.remote_policy = remote_policy
    intake.locations = _clean_list(locations)
    intake.target_companies = _clean_list(target_companies)
    intake.job_boards = _clean_list(job_boards)
    intake.keywords = _clean_list(keywords)
    intake.referral_notes = referral_notes.strip()
    intake.updated_by = by
    intake.full_clean(exclude=["requisition"])
    intake.save()
    intake.attendees.set(attendees)
    if held and not was_held:
        _event(requisition, by, RequisitionEvent.Kind.INTAKE_HELD, "Intake meeting held")
    return intake


@dataclass(frozen=True)
class CriterionInput:
    """One row of the criteria form: `id` of an existing criterion, or None for a new one."""

    kind: str
    name: str
    guidance: str = ""
    id: int | None = None


def _criterion_label(kind: str) -> str:
    return Criterion.Kind(kind).label


def _criteria_row_problems(rows: list[CriterionInput]) -> list[str]:
    errors = []
    if any(row.kind not in Criterion.Kind.values for row in rows):
        errors.append("Each criterion is either a must-have or a nice-to-have.")
    if any(not row.name for row in rows):
        errors.append("Every criterion needs a name.")
    names = [row.name.lower() for row in rows if row.name]
    duplicates = sorted(
        {row.name for row in rows if row.name and names.count(row.name.lower()) > 1}
    )
    if duplicates:
        errors.append("Name each criterion only once: " + ", ".join(duplicates) + ".")
    return errors


def check_criteria(
    rows: list[CriterionInput],
    *,
    existing: dict[int, Criterion],
    known_ids: Collection[int] | None,
) -> list[str]:
    """What is wrong with `rows` as the requisition's criteria (counting those someone else
    added meanwhile, i.e. not among `known_ids`), in sentences; empty when they may be saved."""
    errors = _criteria_row_problems(rows)
    added_meanwhile = [
        criterion
        for pk, criterion in existing.items()
        if known_ids is not None and pk not in known_ids
    ]
    kinds = [row.kind for row in rows] + [criterion.kind for criterion in added_meanwhile]
    errors += criteria_problems(
        must_haves=kinds.count(Criterion.Kind.MUST_HAVE),
        nice_to_haves=kinds.count(Criterion.Kind.NICE_TO_HAVE),
    )
    if added_meanwhile and errors:
        errors.append(
            "Added meanwhile by someone else: "
            + ", ".join(f"“{criterion.name}”" for criterion in added_meanwhile)
            + ". Reload the page to see them."
        )
    if any(row.id is not None and row.id not in existing for row in rows):
        errors.append("A criterion of another requisition cannot be changed here.")
    return errors


@transaction.atomic
def criteria_save(
    *,
    requisition: Requisition,
    by: User,
    criteria: Sequence[CriterionInput],
    known_ids: Collection[int] | None = None,
) -> list[Criterion]:
    """Replace the requisition's criteria by `criteria` (exactly 3 must-haves, 3-5 nice-to-haves).

    Rows with an id update that criterion, rows without create one, existing criteria left out
    are removed — only those among `known_ids` (the ones the form showed) when given, so a
    criterion the other side added meanwhile is kept, and counted. A criterion interviewers have
    rated already cannot be removed. Once the search is open every change is logged.
    """
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    _require_intake_access(by, requisition)
    rows = [
        CriterionInput(
            kind=row.kind, name=" ".join(row.name.split()), guidance=row.guidance.strip(), id=row.id
        )
        for row in criteria
    ]
    existing = {criterion.pk: criterion for criterion in requisition.criteria.all()}
    if errors := check_criteria(rows, existing=existing, known_ids=known_ids):
        raise ValidationError(errors)
    kept = {row.id for row in rows if row.id is not None}
    removed = [
        criterion
        for pk, criterion in existing.items()
        if pk not in kept and (known_ids is None or pk in known_ids)
    ]
    changes = _criteria_remove(removed)
    saved = []
    order: dict[str, int] = {Criterion.Kind.MUST_HAVE: 0, Criterion.Kind.NICE_TO_HAVE: 0}
    for row in rows:
        order[row.kind] += 1
        criterion = existing[row.id] if row.id is not None else None
        changes += _criterion_changes(criterion, row)
        saved.append(_criterion_write(criterion, row, requisition=requisition, order=order))
    if changes and requisition.status != Requisition.Status.DRAFT:
        summary = "Criteria changed after opening: " + "; ".join(changes)
        _event(requisition, by, RequisitionEvent.Kind.CRITERIA_CHANGED, summary)
    return saved


def _criteria_remove(removed: list[Criterion]) -> list[str]:
    changes = []
    for criterion in removed:
        try:
            criterion.delete()
        except ProtectedError:
            raise ValidationError(
                f"“{criterion.name}” has interview ratings already: rename it, but keep it."
            ) from None
        changes.append(f"removed {_criterion_label(criterion.kind)} “{criterion.name}”")
    return changes


def _criterion_changes(criterion: Criterion | None, row: CriterionInput) -> list[str]:
    """What saving `row` over `criterion` (None: a new one) changes, for the requisition's log."""
    if criterion is None:
        return [f"added {_criterion_label(row.kind)} “{row.name}”"]
    changes = []
    if criterion.name != row.name:
        changes.append(f"renamed “{criterion.name}” to “{row.name}”")
    if criterion.kind != row.kind:
        changes.append(f"made “{row.name}” a {_criterion_label(row.kind)}")
    if criterion.guidance != row.guidance:
        changes.append(f"changed the guidance for “{row.name}”")
    return changes


def _criterion_write(
    criterion: Criterion | None,
    row: CriterionInput,
    *,
    requisition: Requisition,
    order: dict[str, int],
) -> Criterion:
    if criterion is None:
        criterion = Criterion(requisition=requisition, kind=row.kind)
    criterion.kind, criterion.name, criterion.guidance = row.kind, row.name, row.guidance
    criterion.order = order[row.kind]
    criterion.full_clean(exclude=["requisition"])
    criterion.save()
    return criterion


@dataclass(frozen=True)
class StageInput:
    """One row of the interview plan: `id` of an existing stage, or None for a new one."""

    name: str
    interviewers: Sequence = ()
    focus_areas: Sequence[Criterion] = ()
    duration_minutes: int = 60
    follow_up_by: str = InterviewStage.FollowUpBy.RECRUITER
    id: int | None = None


def _stage_problems(row: StageInput, *, requisition: Requisition, existing: Collection[int]):
    if not row.name.strip():
        yield "give the stage a name."
    if not row.interviewers:
        yield "choose at least one interviewer."
    if any(not user.is_active for user in row.interviewers):
        yield "interviewers must be active users."
    if any(criterion.requisition_id != requisition.pk for criterion in row.focus_areas):
        yield "focus areas come from this requisition's criteria."
    if not 5 <= row.duration_minutes <= 480:
        yield "a stage lasts 5 to 480 minutes."
    if row.id is not None and row.id not in existing:
        yield "a stage of another requisition cannot be changed here."


def check_interview_plan(
    stages: Sequence[StageInput], *, requisition: Requisition, existing: Collection[int]
) -> list[str]:
    """What is wrong with `stages` as the requisition's plan, in sentences (empty: fine)."""
    errors = [
        f"Stage {position}: {problem}"
        for position, row in enumerate(stages, start=1)
        for problem in _stage_problems(row, requisition=requisition, existing=existing)
    ]
    if not stages and requisition.status != Requisition.Status.DRAFT:
        errors.append("The search is under way: keep at least one interview stage.")
    return errors


@transaction.atomic
def interview_plan_save(
    *,
    requisition: Requisition,
    by: User,
    stages: Sequence[StageInput],
    known_ids: Collection[int] | None = None,
) -> list[InterviewStage]:
    """Replace the interview plan by `stages`, in this order.

    Stages left out are removed — only those among `known_ids` (the ones the form showed) when
    given, so a stage the other side added meanwhile stays. A stage with interviews held or
    scheduled cannot be removed.
    """
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    _require_intake_access(by, requisition)
    existing = {stage.pk: stage for stage in requisition.stages.all()}
    if errors := check_interview_plan(stages, requisition=requisition, existing=existing):
        raise ValidationError(errors)
    kept = {row.id for row in stages if row.id is not None}
    gone = [pk for pk in existing if pk not in kept and (known_ids is None or pk in known_ids)]
    removed = [existing[pk].name for pk in gone]
    try:
        InterviewStage.objects.filter(pk__in=gone).delete()
    except ProtectedError:
        raise ValidationError(
            "A stage with interviews scheduled or held cannot be removed: rename it instead."
        ) from None
    saved = []
    for position, row in enumerate(stages, start=1):
        stage = (existing.get(row.id) if row.id is not None else None) or InterviewStage(
            requisition=requisition
        )
        stage.name = row.name.strip()
        stage.order = position
        stage.duration_minutes = row.duration_minutes
        stage.follow_up_by = row.follow_up_by
        stage.full_clean(exclude=["requisition"])
        stage.save()
        stage.interviewers.set(row.interviewers)
        stage.focus_areas.set(row.focus_areas)
        saved.append(stage)
    if requisition.status != Requisition.Status.DRAFT:
        summary = "Interview plan changed: " + ", ".join(stage.name for stage in saved)
        if removed:
            summary += " (removed: " + ", ".join(removed) + ")"
        _event(requisition, by, RequisitionEvent.Kind.PLAN_CHANGED, summary)
    return saved


@transaction.atomic
def service_levels_save(
    *, requisition: Requisition, by: User, hours: Mapping[str, int]
) -> list[ServiceLevel]:
    """Record the SLAs both sides agreed: hours for every duty."""
    requisition = Requisition.objects.select_for_update().get(pk=requisition.pk)
    _require_intake_access(by, requisition)
    errors = {}
    for duty in Duty.values:
        value = hours.get(duty)
        if value is None:
            errors[duty] = "Agree the hours for this duty."
        elif not 1 <= value <= SLA_MAX_HOURS:
            errors[duty] = f"Enter between 1 and {SLA_MAX_HOURS} hours."
    if errors:
        raise ValidationError(errors)
    return [
        ServiceLevel.objects.update_or_create(
            requisition=requisition, duty=duty, defaults={"hours": hours[duty]}
        )[0]
        for duty in Duty.values
    ]


# --- knock-out questions (the public application form) -----------------------------------------


@dataclass(frozen=True)
class KnockoutInput:
    """One question as the page or a caller gives it; `pk` is set for a question that exists."""

    prompt: str
    kind: str = KnockoutQuestion.Kind.YES_NO
    required_answer: bool | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    options: Sequence[str] = ()
    accepted_options: Sequence[str] = ()
    pk: int | None = None


KNOCKOUT_MAX = 15


@transaction.atomic
def knockout_questions_save(
    *, requisition: Requisition, by: User, questions: Sequence[KnockoutInput]
) -> list[KnockoutQuestion]:
    """Replace the requisition's application questions by `questions`, in this order.

    Questions given with a `pk` are updated (their stored answers keep pointing at them); the
    others are created; the requisition's questions not given are deleted (answers already given
    keep the question's text). ValidationError keyed `q<index>` when a definition is incomplete.
    """
    _require_intake_access(by, requisition)
    if len(questions) > KNOCKOUT_MAX:
        raise ValidationError(
            f"At most {KNOCKOUT_MAX} questions: candidates should finish in minutes."
        )
    existing = {q.pk: q for q in KnockoutQuestion.objects.filter(requisition=requisition)}
    errors, saved = {}, []
    for index, given in enumerate(questions):
        question = existing.get(given.pk) if given.pk else None
        if given.pk and question is None:
            raise ValidationError({f"q{index}": "This question belongs to another requisition."})
        question = question or KnockoutQuestion(requisition=requisition)
        question.order = index
        question.prompt = given.prompt.strip()
        question.kind = given.kind
        kind = KnockoutQuestion.Kind
        question.required_answer = given.required_answer if given.kind == kind.YES_NO else None
        question.minimum = given.minimum if given.kind == kind.NUMBER else None
        question.maximum = given.maximum if given.kind == kind.NUMBER else None
        question.options = _clean_list(given.options) if given.kind == kind.CHOICE else []
        question.accepted_options = (
            _clean_list(given.accepted_options) if given.kind == kind.CHOICE else []
        )
        problems = question.problems()
        if problems:
            errors[f"q{index}"] = " ".join(problems)
        saved.append(question)
    if errors:
        raise ValidationError(errors)
    kept = {question.pk for question in saved if question.pk}
    KnockoutQuestion.objects.filter(requisition=requisition).exclude(pk__in=kept).delete()
    for question in saved:
        question.save()
    _event(
        requisition,
        by,
        RequisitionEvent.Kind.UPDATED,
        f"Application questions changed ({len(saved)} question{'s' if len(saved) != 1 else ''})",
    )
    return saved
