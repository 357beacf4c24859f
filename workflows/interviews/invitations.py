"""The messages of a scheduled interview: invitations with their calendar files, and the
cancellation an interviewer taken off the panel receives."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from workflows.duties.messaging import (
    absolute_url,
    candidate_message_queue,
    person_name,
    user_message_queue,
)
from workflows.interviews import calendar
from workflows.interviews.base import names, when
from workflows.models import Interview

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def _interview_context(interview: Interview, panel: list) -> dict:
    return {
        "stage_name": interview.stage.name,
        "starts_at": when(interview.starts_at),
        "duration_minutes": interview.duration_minutes,
        "location": interview.where,
        "interviewers": names(panel),
    }


def interview_attendees(candidate, panel: Iterable) -> list[tuple[str, str]]:
    """Everyone on an interview's calendar event: the candidate and each interviewer, so every
    copy of the .ics (emailed or downloaded) shows who takes part."""
    people = [(candidate.email, candidate.full_name)]
    return people + [(user.email, person_name(user)) for user in panel if user.email]


def announce(
    interview: Interview, *, by: User | None, previous_time: str = "", removed: Iterable = ()
) -> None:
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
        cancel_for_interviewer(interview, user)


def cancel_for_interviewer(interview: Interview, user: User) -> None:
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
