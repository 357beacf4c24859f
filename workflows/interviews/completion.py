"""Interviews held (by the recruiter or the beat sweep once they ended), no-shows, and the
feedback duty a held interview creates for each interviewer."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from requisitions.models import DUTY_DEFAULT_HOURS, Duty
from requisitions.selectors import agreed_hours
from workflows.duties.messaging import absolute_url, candidate_message_queue, user_message_queue
from workflows.interviews.base import journal, lock, require_recruiter, when
from workflows.models import Application, Interview, InterviewPanelist, Task

if TYPE_CHECKING:
    from django.contrib.auth.models import User

SWEEP_BATCH = 200


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


def check_interview_complete(interview: Interview) -> ValidationError | None:
    """Why `interview` cannot be marked held now (the error to raise), or None. A completed one
    passes: completing it again changes nothing."""
    if interview.status not in (Interview.Status.SCHEDULED, Interview.Status.COMPLETED):
        status = interview.get_status_display().lower()
        return ValidationError(f"A {status} interview cannot be marked as held.")
    application = interview.application
    if application.state != Application.State.INTERVIEWING:
        state = application.get_state_display().lower()
        return ValidationError(
            "The interview cannot be marked as held: the candidate is "
            f"{state}, no longer interviewing."
        )
    if interview.status == Interview.Status.SCHEDULED and not interview.has_started:
        return ValidationError(
            "The interview has not started yet: it can be marked as held from "
            f"{when(interview.starts_at)}."
        )
    return None


@transaction.atomic
def interview_complete(*, interview: Interview, by: User | None = None) -> Interview:
    """Mark the interview held (the recruiter, or `by=None` for the sweep once it ended).

    Creates each interviewer's blocking feedback task (unless their scorecard is in already),
    prompts them at once, and sends the candidate the follow-up. An interview that is already
    completed is returned as it is (nothing is created or sent twice).
    """
    if by is not None:
        require_recruiter(by)
    locked = lock(interview)
    if locked.status == Interview.Status.COMPLETED:
        return locked
    if refusal := check_interview_complete(locked):
        raise refusal
    do_interview_complete(locked, by=by)
    if interview is not locked:
        interview.refresh_from_db()
    return locked


def do_interview_complete(interview: Interview, *, by: User | None) -> None:
    """Write what `check_interview_complete` allowed: the status, the journal line, each
    interviewer's feedback duty and the candidate's follow-up."""
    interview.complete()
    interview.save()
    journal(
        interview,
        by=by,
        summary=f"Interview held: {interview.stage.name}, {when(interview.starts_at)}",
    )
    requisition = interview.application.requisition
    due_at = timezone.now() + timedelta(hours=_feedback_hours(requisition))
    submitted = set(
        interview.scorecards.filter(is_current=True).values_list("interviewer_id", flat=True)
    )
    for panelist in interview.panelists.select_related("user"):
        if panelist.user_id not in submitted and not panelist.feedback_task_id:
            _feedback_duty(interview, panelist, due_at=due_at)
    candidate_message_queue(
        application=interview.application,
        template_key="interview_follow_up",
        occasion=f"interview:{interview.pk}",
        context={"stage_name": interview.stage.name, "next_steps": _next_steps(requisition)},
        by=by,
    )


def _feedback_duty(interview: Interview, panelist: InterviewPanelist, *, due_at: datetime) -> None:
    """The interviewer's blocking scorecard task, and the prompt to fill it in now."""
    application, user = interview.application, panelist.user
    requisition, candidate = application.requisition, application.candidate
    panelist.feedback_task = Task.objects.create(
        application=application,
        requisition=requisition,
        owner=user,
        kind=Task.Kind.FEEDBACK,
        title=f"Scorecard for {candidate.full_name} ({interview.stage.name})"[:200],
        due_at=due_at,
        blocking=True,
    )
    panelist.save(update_fields=["feedback_task"])
    user_message_queue(
        user=user,
        template_key="feedback_prompt",
        idempotency_key=f"feedback_prompt:interview:{interview.pk}:user:{user.pk}",
        context={
            "candidate_name": candidate.full_name,
            "stage_name": interview.stage.name,
            "requisition_title": requisition.title,
            "due_at": when(due_at),
            "scorecard_url": absolute_url("workflows:scorecard", interview.pk),
        },
        requisition_id=requisition.pk,
        candidate_id=candidate.pk,
    )


@transaction.atomic
def interview_mark_no_show(*, interview: Interview, by: User) -> Interview:
    """The candidate did not come: no scorecards are due (open feedback tasks are closed)."""
    require_recruiter(by)
    locked = lock(interview)
    if locked.status not in (Interview.Status.SCHEDULED, Interview.Status.COMPLETED):
        raise ValidationError(
            f"A {locked.get_status_display().lower()} interview cannot be marked as a no-show."
        )
    locked.mark_no_show()
    locked.save()
    Task.objects.filter(panelist__interview=locked, completed_at__isnull=True).update(
        completed_at=timezone.now()
    )
    journal(locked, by=by, summary=f"No-show: {locked.stage.name}, {when(locked.starts_at)}")
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
