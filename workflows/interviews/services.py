"""The only writers of interviews and scorecards, with the milestone messages they cause.

Every service runs in one transaction with the journal entries and outbox rows of its event
(workflows/messaging.py); each message has an idempotency key built from the interview and, for
invitations, its calendar SEQUENCE, so an event that runs twice sends nothing twice:

- scheduled / rescheduled → the candidate's invitation (.ics, METHOD:REQUEST) and, once per
  interview, the preparation email; each interviewer's invitation (.ics) with the kit link;
- cancelled → METHOD:CANCEL to the candidate and the interviewers;
- completed (by the recruiter, or the beat sweep once its end passed) → a blocking feedback task
  per interviewer due per the agreed SLA, an immediate feedback prompt, the candidate's follow-up;
- a scorecard submitted → the interviewer's feedback task is done.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone

from ats.roles import recruiter_side_q
from ats.rules import may, scorecard_refusal
from candidates.models import JournalEntry
from requisitions.models import DUTY_DEFAULT_HOURS, Criterion, Duty, InterviewStage
from requisitions.selectors import agreed_hours
from workflows.duties.messaging import (
    absolute_url,
    candidate_message_queue,
    person_name,
    user_message_queue,
)
from workflows.interviews import calendar
from workflows.models import (
    Application,
    Interview,
    InterviewPanelist,
    Scorecard,
    ScorecardRating,
    Task,
)

User = get_user_model()
SWEEP_BATCH = 200


def when(moment: datetime) -> str:
    """A moment as people read it in an email: "Tuesday 14 May 2025, 10:00 UTC"."""
    return dateformat.format(timezone.localtime(moment), "l j F Y, H:i T")


def _span(interview: Interview) -> str:
    start, end = timezone.localtime(interview.starts_at), timezone.localtime(interview.ends_at)
    return f"{dateformat.format(start, 'D j M, H:i')}-{dateformat.format(end, 'H:i')}"


def _names(users: Iterable) -> list[str]:
    return [person_name(user) for user in users]


def _require_recruiter(by) -> None:
    if by is None or not may(by, "workflows.manage_interviews"):
        raise PermissionDenied("Only recruiters schedule and manage interviews.")


# --- who may interview, and when ---------------------------------------------------------------


def eligible_interviewers(requisition) -> QuerySet:
    """Users with access to the requisition's candidates: recruiters and admins, its hiring
    manager, and anyone named on its interview plan."""
    return (
        User.objects.filter(is_active=True)
        .filter(
            recruiter_side_q()
            | Q(pk=requisition.hiring_manager_id)
            | Q(interview_stages__requisition=requisition)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _default_end(starts_at: datetime, minutes: int) -> datetime:
    """The start plus the stage's duration (a start at the end of time has no end)."""
    try:
        return starts_at + timedelta(minutes=minutes)
    except OverflowError:
        raise ValidationError({"starts_at": "Give a start time in the coming years."}) from None


def _check_slot(
    *,
    application: Application,
    starts_at: datetime | None,
    ends_at: datetime | None,
    interviewers: list,
    exclude: Interview | None = None,
) -> None:
    """Raise ValidationError (keyed by form field) unless the slot and panel are possible."""
    errors: dict[str, list[str]] = {}
    if starts_at is None:
        errors.setdefault("starts_at", []).append("Give the start time.")
    if ends_at is None:
        errors.setdefault("ends_at", []).append("Give the end time.")
    elif starts_at is not None and ends_at <= starts_at:
        errors.setdefault("ends_at", []).append("The interview must end after it starts.")
    if not interviewers:
        errors.setdefault("interviewers", []).append("Choose at least one interviewer.")
    else:
        allowed = set(
            eligible_interviewers(application.requisition)
            .filter(pk__in=[user.pk for user in interviewers])
            .values_list("pk", flat=True)
        )
        for user in interviewers:
            if user.pk not in allowed:
                errors.setdefault("interviewers", []).append(
                    f"{person_name(user)} has no access to this requisition: choose a recruiter, "
                    "its hiring manager or someone on its interview plan."
                )
    if errors:
        raise ValidationError(errors)
    # No double booking. Lock the interviewers' rows first so two schedulers cannot both pass.
    list(
        User.objects.select_for_update()
        .filter(pk__in=[user.pk for user in interviewers])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    clashes = (
        InterviewPanelist.objects.filter(
            user__in=interviewers,
            interview__status=Interview.Status.SCHEDULED,
            interview__starts_at__lt=ends_at,
            interview__ends_at__gt=starts_at,
        )
        .select_related("user", "interview__stage", "interview__application__candidate")
        .order_by("interview__starts_at")
    )
    if exclude is not None:
        clashes = clashes.exclude(interview=exclude)
    messages = [
        f"{person_name(clash.user)} already has an interview then: {clash.interview.stage.name} "
        f"with {clash.interview.application.candidate.full_name} ({_span(clash.interview)})."
        for clash in clashes
    ]
    if messages:
        raise ValidationError({"interviewers": messages})


def _journal(interview: Interview, *, by, summary: str, body: str = "", kind=None) -> None:
    application = interview.application
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=kind or JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=summary[:300],
        body=body,
    )


def _lock(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related(
            "stage",
            "application__candidate",
            "application__requisition__recruiter",
            "application__requisition__hiring_manager",
        )
        .get(pk=interview.pk)
    )


# --- messages ----------------------------------------------------------------------------------


def _interview_context(interview: Interview, panel: list) -> dict:
    return {
        "stage_name": interview.stage.name,
        "starts_at": when(interview.starts_at),
        "duration_minutes": interview.duration_minutes,
        "location": interview.where,
        "interviewers": _names(panel),
    }


def interview_attendees(candidate, panel: Iterable) -> list[tuple[str, str]]:
    """Everyone on an interview's calendar event: the candidate and each interviewer, so every
    copy of the .ics (emailed or downloaded) shows who takes part."""
    people = [(candidate.email, candidate.full_name)]
    return people + [(user.email, person_name(user)) for user in panel if user.email]


def _announce(interview: Interview, *, by, previous_time: str = "", removed: Iterable = ()) -> None:
    """Invitations for the interview at its current SEQUENCE (once each, whatever happens)."""
    application = interview.application
    candidate = application.candidate
    panel = list(interview.interviewers.order_by("first_name", "last_name", "pk"))
    context = _interview_context(interview, panel)
    seq = interview.ics_sequence
    attendees = interview_attendees(candidate, panel)
    candidate_ics = calendar.interview_ics(
        interview,
        attendees=attendees,
        description=f"With {', '.join(context['interviewers'])}. Where: {interview.where}",
    )
    candidate_message_queue(
        application=application,
        template_key="interview_invitation",
        occasion=f"interview:{interview.pk}:v{seq}",
        context=context,
        attachments=[calendar.ics_attachment(candidate_ics)],
        by=by,
    )
    candidate_message_queue(
        application=application,
        template_key="interview_preparation",
        occasion=f"interview:{interview.pk}",
        context={
            **context,
            "focus_areas": [criterion.name for criterion in interview.stage.focus_areas.all()],
            "preparation_notes": interview.preparation_notes,
        },
        by=by,
    )
    kit_url = absolute_url("workflows:interview-kit", interview.pk)
    for user in panel:
        if not user.email:
            continue
        ics = calendar.interview_ics(
            interview,
            attendees=attendees,
            description=f"Interview kit: {kit_url}",
        )
        user_message_queue(
            user=user,
            template_key="interview_assignment",
            idempotency_key=f"interview_assignment:interview:{interview.pk}:v{seq}:user:{user.pk}",
            context={
                **context,
                "candidate_name": candidate.full_name,
                "requisition_title": application.requisition.title,
                "kit_url": kit_url,
                "previous_time": previous_time,
            },
            requisition_id=application.requisition_id,
            candidate_id=candidate.pk,
            attachments=[calendar.ics_attachment(ics)],
        )
    for user in removed:
        _cancel_for_interviewer(interview, user)


def _cancel_for_interviewer(interview: Interview, user) -> None:
    if not user.email:
        return
    application = interview.application
    ics = calendar.interview_ics(
        interview, method=calendar.CANCEL, attendees=[(user.email, person_name(user))]
    )
    user_message_queue(
        user=user,
        template_key="interview_assignment_cancelled",
        idempotency_key=(
            f"interview_assignment_cancelled:interview:{interview.pk}"
            f":v{interview.ics_sequence}:user:{user.pk}"
        ),
        context={
            "candidate_name": application.candidate.full_name,
            "requisition_title": application.requisition.title,
            "stage_name": interview.stage.name,
            "starts_at": when(interview.starts_at),
        },
        requisition_id=application.requisition_id,
        candidate_id=application.candidate_id,
        attachments=[calendar.ics_attachment(ics, method=calendar.CANCEL)],
    )


# --- scheduling --------------------------------------------------------------------------------


@dataclass
class Slot:
    starts_at: datetime | None
    ends_at: datetime | None = None
    interviewers: list = field(default_factory=list)
    location: str = ""
    video_link: str = ""
    preparation_notes: str = ""


@transaction.atomic
def interview_schedule(
    *, application: Application, stage: InterviewStage, slot: Slot, by
) -> Interview:
    """Schedule `application`'s interview for `stage` of its plan and send the invitations.

    Empty `slot.interviewers` take the stage's; an empty end is the start plus the stage's
    duration. ValidationError (keyed starts_at / ends_at / interviewers / stage) when the slot
    is impossible: end before start, an interviewer without access, an interviewer booked then.
    """
    _require_recruiter(by)
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "requisition")
        .get(pk=application.pk)
    )
    if application.state != Application.State.INTERVIEWING:
        raise ValidationError(
            "Interviews are scheduled for candidates the hiring manager accepted to interview "
            f"(this one is {application.get_state_display().lower()})."
        )
    if stage.requisition_id != application.requisition_id:
        raise ValidationError({"stage": "Choose a stage of this requisition's interview plan."})
    if Interview.objects.active().filter(application=application, stage=stage).exists():
        raise ValidationError(
            {"stage": f"The {stage.name} is scheduled already; reschedule that one instead."}
        )
    interviewers = list(slot.interviewers) or list(stage.interviewers.all())
    ends_at = slot.ends_at
    if ends_at is None and slot.starts_at is not None:
        ends_at = _default_end(slot.starts_at, stage.duration_minutes)
    _check_slot(
        application=application,
        starts_at=slot.starts_at,
        ends_at=ends_at,
        interviewers=interviewers,
    )
    interview = Interview.objects.create(
        application=application,
        stage=stage,
        starts_at=slot.starts_at,
        ends_at=ends_at,
        location=slot.location.strip(),
        video_link=slot.video_link.strip(),
        preparation_notes=slot.preparation_notes.strip(),
        created_by=by,
    )
    interview.interviewers.set(interviewers)
    _journal(
        interview,
        by=by,
        summary=f"Interview scheduled: {stage.name}, {when(interview.starts_at)}",
        body=f"With {', '.join(_names(interviewers))}. Where: {interview.where}",
    )
    _announce(interview, by=by)
    return interview


@transaction.atomic
def interview_reschedule(*, interview: Interview, slot: Slot, by) -> Interview:
    """Move a scheduled interview (time, place or panel): same calendar UID, SEQUENCE + 1,
    updated invitations to everyone on it and a cancellation to anyone taken off it."""
    _require_recruiter(by)
    locked = _lock(interview)
    if locked.status != Interview.Status.SCHEDULED:
        raise ValidationError(
            f"Only a scheduled interview can be moved (this one is {locked.get_status_display()})."
        )
    before = list(locked.interviewers.all())
    interviewers = list(slot.interviewers) or before
    ends_at = slot.ends_at
    if ends_at is None and slot.starts_at is not None:
        ends_at = _default_end(slot.starts_at, locked.stage.duration_minutes)
    _check_slot(
        application=locked.application,
        starts_at=slot.starts_at,
        ends_at=ends_at,
        interviewers=interviewers,
        exclude=locked,
    )
    was = when(locked.starts_at)
    locked.starts_at, locked.ends_at = slot.starts_at, ends_at
    locked.location = slot.location.strip()
    locked.video_link = slot.video_link.strip()
    locked.preparation_notes = slot.preparation_notes.strip()
    locked.ics_sequence += 1
    locked.save()
    locked.interviewers.set(interviewers)
    removed = [user for user in before if user not in interviewers]
    _journal(
        locked,
        by=by,
        summary=f"Interview rescheduled: {locked.stage.name}, now {when(locked.starts_at)}",
        body=f"Was {was}. With {', '.join(_names(interviewers))}. Where: {locked.where}",
    )
    _announce(locked, by=by, previous_time=was, removed=removed)
    if interview is not locked:
        interview.refresh_from_db()
    return locked


@transaction.atomic
def interview_cancel(*, interview: Interview, by, reason: str = "") -> Interview:
    """Cancel a scheduled interview: METHOD:CANCEL to the candidate and every interviewer."""
    _require_recruiter(by)
    locked = _lock(interview)
    if locked.status != Interview.Status.SCHEDULED:
        raise ValidationError(
            "Only a scheduled interview can be cancelled "
            f"(this one is {locked.get_status_display().lower()})."
        )
    _cancel(locked, by=by, reason=reason)
    if interview is not locked:
        interview.refresh_from_db()
    return locked


@transaction.atomic
def interviews_cancel_for_application(*, application: Application, by, reason: str) -> int:
    """The application ended (rejected, withdrawn, hired): cancel its scheduled interviews, with
    the same METHOD:CANCEL messages. Called by `application_move` (which checked who may make
    the move) in its transaction. Returns how many it cancelled."""
    pks = list(
        Interview.objects.filter(
            application=application, status=Interview.Status.SCHEDULED
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        _cancel(_lock(Interview(pk=pk)), by=by, reason=reason)
    return len(pks)


def _cancel(locked: Interview, *, by, reason: str) -> None:
    locked.cancel()
    locked.cancel_reason = reason.strip()
    locked.ics_sequence += 1
    locked.save()
    _journal(
        locked,
        by=by,
        summary=f"Interview cancelled: {locked.stage.name}, {when(locked.starts_at)}",
        body=locked.cancel_reason,
    )
    application = locked.application
    candidate = application.candidate
    ics = calendar.interview_ics(
        locked,
        method=calendar.CANCEL,
        attendees=interview_attendees(candidate, locked.interviewers.order_by("first_name", "pk")),
    )
    candidate_message_queue(
        application=application,
        template_key="interview_cancelled",
        occasion=f"interview:{locked.pk}:cancelled",
        context={"stage_name": locked.stage.name, "starts_at": when(locked.starts_at)},
        attachments=[calendar.ics_attachment(ics, method=calendar.CANCEL)],
        by=by,
    )
    for user in locked.interviewers.all():
        _cancel_for_interviewer(locked, user)


# --- completion and the feedback duty ----------------------------------------------------------


def _feedback_hours(requisition) -> int:
    return agreed_hours(requisition).get(
        Duty.INTERVIEW_FEEDBACK, DUTY_DEFAULT_HOURS[Duty.INTERVIEW_FEEDBACK]
    )


def _next_steps(requisition) -> str:
    hours = agreed_hours(requisition).get(Duty.CANDIDATE_UPDATE)
    if hours:
        days = max(1, round(hours / 24))
        return (
            "The team is collecting its feedback; you will hear from us within "
            f"{days} day{'s' if days != 1 else ''}."
        )
    return "The team is collecting its feedback; you will hear from us soon."


@transaction.atomic
def interview_complete(*, interview: Interview, by=None) -> Interview:
    """Mark the interview held (the recruiter, or `by=None` for the sweep once it ended).

    Creates each interviewer's blocking feedback task (unless their scorecard is in already),
    prompts them at once, and sends the candidate the follow-up. An interview that is already
    completed is returned as it is (nothing is created or sent twice).
    """
    if by is not None:
        _require_recruiter(by)
    locked = _lock(interview)
    if locked.status == Interview.Status.COMPLETED:
        return locked
    if locked.status != Interview.Status.SCHEDULED:
        raise ValidationError(
            f"A {locked.get_status_display().lower()} interview cannot be marked as held."
        )
    if locked.application.state != Application.State.INTERVIEWING:
        raise ValidationError(
            "The interview cannot be marked as held: the candidate is "
            f"{locked.application.get_state_display().lower()}, no longer interviewing."
        )
    if not locked.has_started:
        raise ValidationError(
            "The interview has not started yet: it can be marked as held from "
            f"{when(locked.starts_at)}."
        )
    locked.complete()
    locked.save()
    application = locked.application
    requisition = application.requisition
    candidate = application.candidate
    _journal(
        locked,
        by=by,
        summary=f"Interview held: {locked.stage.name}, {when(locked.starts_at)}",
    )
    due_at = timezone.now() + timedelta(hours=_feedback_hours(requisition))
    submitted = set(
        locked.scorecards.filter(is_current=True).values_list("interviewer_id", flat=True)
    )
    scorecard_url = absolute_url("workflows:scorecard", locked.pk)
    for panelist in locked.panelists.select_related("user"):
        user = panelist.user
        if user.pk in submitted or panelist.feedback_task_id:
            continue
        panelist.feedback_task = Task.objects.create(
            application=application,
            requisition=requisition,
            owner=user,
            kind=Task.Kind.FEEDBACK,
            title=f"Scorecard for {candidate.full_name} ({locked.stage.name})"[:200],
            due_at=due_at,
            blocking=True,
        )
        panelist.save(update_fields=["feedback_task"])
        user_message_queue(
            user=user,
            template_key="feedback_prompt",
            idempotency_key=f"feedback_prompt:interview:{locked.pk}:user:{user.pk}",
            context={
                "candidate_name": candidate.full_name,
                "stage_name": locked.stage.name,
                "requisition_title": requisition.title,
                "due_at": when(due_at),
                "scorecard_url": scorecard_url,
            },
            requisition_id=requisition.pk,
            candidate_id=candidate.pk,
        )
    candidate_message_queue(
        application=application,
        template_key="interview_follow_up",
        occasion=f"interview:{locked.pk}",
        context={"stage_name": locked.stage.name, "next_steps": _next_steps(requisition)},
        by=by,
    )
    if interview is not locked:
        interview.refresh_from_db()
    return locked


@transaction.atomic
def interview_mark_no_show(*, interview: Interview, by) -> Interview:
    """The candidate did not come: no scorecards are due (open feedback tasks are closed)."""
    _require_recruiter(by)
    locked = _lock(interview)
    if locked.status not in (Interview.Status.SCHEDULED, Interview.Status.COMPLETED):
        raise ValidationError(
            f"A {locked.get_status_display().lower()} interview cannot be marked as a no-show."
        )
    locked.mark_no_show()
    locked.save()
    Task.objects.filter(panelist__interview=locked, completed_at__isnull=True).update(
        completed_at=timezone.now()
    )
    _journal(locked, by=by, summary=f"No-show: {locked.stage.name}, {when(locked.starts_at)}")
    if interview is not locked:
        interview.refresh_from_db()
    return locked


@transaction.atomic
def interviews_complete_past(*, limit: int = SWEEP_BATCH) -> int:
    """The beat sweep: mark held every scheduled interview whose end has passed.

    Reads only scheduled interviews due (partial index on `ends_at`), claims them with SKIP
    LOCKED so two sweeps never take the same one; idempotent. Returns how many it completed.
    """
    due = list(
        Interview.objects.filter(
            status=Interview.Status.SCHEDULED,
            ends_at__lte=timezone.now(),
            application__state=Application.State.INTERVIEWING,
        )
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("ends_at")[:limit]
    )
    for interview in due:
        interview_complete(interview=interview, by=None)
    return len(due)


# --- scorecards --------------------------------------------------------------------------------


def criteria_in_focus(interview: Interview) -> list[Criterion]:
    """What the interview rates: the stage's focus areas (all criteria when it names none),
    must-haves first."""
    focus = list(interview.stage.focus_areas.all())
    if not focus:
        focus = list(Criterion.objects.filter(requisition_id=interview.stage.requisition_id))
    return sorted(focus, key=lambda c: (c.kind != Criterion.Kind.MUST_HAVE, c.order, c.pk))


@transaction.atomic
def scorecard_submit(
    *,
    interview: Interview,
    by,
    recommendation: str,
    notes: str,
    ratings: Mapping[int, Mapping],
    correction_reason: str = "",
) -> Scorecard:
    """Submit `by`'s scorecard for `interview`: `ratings` maps criterion id → {rating 1-4,
    evidence}. Submitted once, then read-only; with `correction_reason` it replaces the current
    one by a new version (both journaled). Completes the interviewer's feedback task.

    ValidationError keyed `c<criterion id>` / recommendation / notes / correction_reason.
    """
    locked = _lock(interview)
    panelist = (
        InterviewPanelist.objects.select_for_update(of=("self",))
        .select_related("feedback_task")
        .filter(interview=locked, user=by)
        .first()
    )
    if panelist is None:
        raise PermissionDenied("Only the interviewers fill in this interview's scorecards.")
    if not may(by, "workflows.submit_scorecard", locked):
        raise ValidationError(scorecard_refusal(locked))
    current = Scorecard.objects.filter(interview=locked, interviewer=by, is_current=True).first()
    correction_reason = correction_reason.strip()
    errors: dict[str, str] = {}
    if current is not None and not correction_reason:
        errors["correction_reason"] = (
            "Your scorecard is submitted; to correct it, say what you correct and why."
        )
    criteria = criteria_in_focus(locked)
    cleaned: list[tuple[Criterion, int, str]] = []
    for criterion in criteria:
        given = ratings.get(criterion.pk) or {}
        try:
            rating = int(given.get("rating") or 0)
        except (TypeError, ValueError):
            rating = 0
        if rating not in ScorecardRating.Rating.values:
            errors[f"c{criterion.pk}"] = "Rate this criterion (strong no, no, yes, strong yes)."
        cleaned.append((criterion, rating, (given.get("evidence") or "").strip()))
    if recommendation not in Scorecard.Recommendation.values:
        errors["recommendation"] = "Give your overall recommendation."
    notes = notes.strip()
    if not notes:
        errors["notes"] = "Write down the evidence behind your ratings."
    if errors:
        raise ValidationError(errors)

    version = 1
    if current is not None:
        current.is_current = False
        current.save(update_fields=["is_current"])
        version = current.version + 1
    scorecard = Scorecard.objects.create(
        interview=locked,
        interviewer=by,
        version=version,
        recommendation=recommendation,
        notes=notes,
        correction_reason=correction_reason if current is not None else "",
    )
    ScorecardRating.objects.bulk_create(
        ScorecardRating(scorecard=scorecard, criterion=criterion, rating=rating, evidence=evidence)
        for criterion, rating, evidence in cleaned
    )
    lines = [
        f"{criterion.name}: {ScorecardRating.Rating(rating).label}"
        + (f" — {evidence}" if evidence else "")
        for criterion, rating, evidence in cleaned
    ]
    lines += ["", notes]
    if current is not None:
        lines = [f"Correction: {correction_reason}", "", *lines]
        summary = f"Scorecard corrected (version {version}) by {person_name(by)}"
    else:
        summary = f"Scorecard by {person_name(by)}"
    _journal(
        locked,
        by=by,
        kind=JournalEntry.Kind.FEEDBACK,
        summary=f"{summary} ({locked.stage.name}): {scorecard.get_recommendation_display()}",
        body="\n".join(lines),
    )
    task = panelist.feedback_task
    if task is not None and task.completed_at is None:
        task.completed_at = timezone.now()
        task.save(update_fields=["completed_at"])
    return scorecard
