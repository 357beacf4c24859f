"""The only writers of interviews and scorecards, with the milestone messages they cause.

Scheduling, rescheduling and cancelling are here; being held and no-shows in completion.py,
scorecards in scorecards.py, the invitations' messages in invitations.py (all reached from here).

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

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import dateformat, timezone

from ats.people import person_name
from ats.roles import recruiter_side_q
from requisitions.models import InterviewStage
from workflows.duties.messaging import candidate_message_queue
from workflows.interviews import calendar
from workflows.interviews.base import journal, lock, names, require_recruiter, when
from workflows.interviews.completion import (
    SWEEP_BATCH,
    check_interview_complete,
    interview_complete,
    interview_mark_no_show,
    interviews_complete_past,
)
from workflows.interviews.invitations import announce, cancel_for_interviewer, interview_attendees
from workflows.interviews.scorecards import check_scorecard, criteria_in_focus, scorecard_submit
from workflows.models import Application, Interview, InterviewPanelist

# Every writer of interviews is reached from here; completion and scorecards live in their own
# modules (completion.py, scorecards.py).
__all__ = [
    "SWEEP_BATCH",
    "Slot",
    "check_interview_complete",
    "check_scorecard",
    "criteria_in_focus",
    "eligible_interviewers",
    "interview_cancel",
    "interview_complete",
    "interview_mark_no_show",
    "interview_reschedule",
    "interview_schedule",
    "interviews_cancel_for_application",
    "interviews_complete_past",
    "scorecard_submit",
    "when",
]


def _span(interview: Interview) -> str:
    start, end = timezone.localtime(interview.starts_at), timezone.localtime(interview.ends_at)
    return f"{dateformat.format(start, 'D j M, H:i')}-{dateformat.format(end, 'H:i')}"


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
    *, application: Application, stage: InterviewStage, slot: Slot, by: User
) -> Interview:
    """Schedule `application`'s interview for `stage` of its plan and send the invitations.

    Empty `slot.interviewers` take the stage's; an empty end is the start plus the stage's
    duration. ValidationError (keyed starts_at / ends_at / interviewers / stage) when the slot
    is impossible: end before start, an interviewer without access, an interviewer booked then.
    """
    require_recruiter(by)
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
    journal(
        interview,
        by=by,
        summary=f"Interview scheduled: {stage.name}, {when(interview.starts_at)}",
        body=f"With {', '.join(names(interviewers))}. Where: {interview.where}",
    )
    announce(interview, by=by)
    return interview


@transaction.atomic
def interview_reschedule(*, interview: Interview, slot: Slot, by: User) -> Interview:
    """Move a scheduled interview (time, place or panel): same calendar UID, SEQUENCE + 1,
    updated invitations to everyone on it and a cancellation to anyone taken off it."""
    require_recruiter(by)
    locked = lock(interview)
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
    assert slot.starts_at is not None and ends_at is not None  # _check_slot refused otherwise
    locked.starts_at, locked.ends_at = slot.starts_at, ends_at
    locked.location = slot.location.strip()
    locked.video_link = slot.video_link.strip()
    locked.preparation_notes = slot.preparation_notes.strip()
    locked.ics_sequence += 1
    locked.save()
    locked.interviewers.set(interviewers)
    removed = [user for user in before if user not in interviewers]
    journal(
        locked,
        by=by,
        summary=f"Interview rescheduled: {locked.stage.name}, now {when(locked.starts_at)}",
        body=f"Was {was}. With {', '.join(names(interviewers))}. Where: {locked.where}",
    )
    announce(locked, by=by, previous_time=was, removed=removed)
    if interview is not locked:
        interview.refresh_from_db()
    return locked


@transaction.atomic
def interview_cancel(*, interview: Interview, by: User, reason: str = "") -> Interview:
    """Cancel a scheduled interview: METHOD:CANCEL to the candidate and every interviewer."""
    require_recruiter(by)
    locked = lock(interview)
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
def interviews_cancel_for_application(
    *, application: Application, by: User | None, reason: str
) -> int:
    """The application ended (rejected, withdrawn, hired): cancel its scheduled interviews, with
    the same METHOD:CANCEL messages. Called by `application_move` (which checked who may make
    the move) in its transaction. Returns how many it cancelled."""
    pks = list(
        Interview.objects.filter(
            application=application, status=Interview.Status.SCHEDULED
        ).values_list("pk", flat=True)
    )
    for pk in pks:
        _cancel(lock(Interview(pk=pk)), by=by, reason=reason)
    return len(pks)


def _cancel(locked: Interview, *, by: User | None, reason: str) -> None:
    locked.cancel()
    locked.cancel_reason = reason.strip()
    locked.ics_sequence += 1
    locked.save()
    journal(
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
        cancel_for_interviewer(locked, user)
