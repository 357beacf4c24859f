"""The intake invitation (milestone 2): an email with a calendar file to the HM and the
recruiter, sent by the escalation sweep when a requisition's intake duty falls due."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from django.utils import timezone

from notifications.services import QueuedEmail
from requisitions.models import Requisition
from workflows.duties.messaging import absolute_url, person_name, user_email, when
from workflows.models import Task

INTAKE_MEETING_LENGTH = timedelta(minutes=30)


def intake_ics(requisition: Requisition, start) -> str:
    """A calendar invitation (METHOD:REQUEST) for the proposed intake meeting."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Tandem//Intake//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    event = icalendar.Event()
    event.add("uid", f"intake-{requisition.pk}@tandem")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + INTAKE_MEETING_LENGTH)
    event.add("summary", f"Intake meeting: {requisition.title}")
    event.add("description", absolute_url("requisitions:intake", requisition.pk))
    for person in (requisition.hiring_manager, requisition.recruiter):
        if person is not None and person.email:
            attendee = icalendar.vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = icalendar.vText(person_name(person))
            attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
            event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def intake_invitation_emails(task: Task) -> list[QueuedEmail | None]:
    """The intake invitation to the HM and the recruiter (none once the intake was held)."""
    requisition = task.requisition
    intake = requisition.intake_or_none
    if intake is not None and intake.held:
        Task.objects.filter(pk=task.pk).update(completed_at=timezone.now())
        return []
    proposed = intake.meeting_at if intake is not None else None
    if proposed is not None and proposed <= timezone.now():
        proposed = None
    attachments = (
        [
            {
                "filename": "intake-meeting.ics",
                "mimetype": "text/calendar",
                "content": intake_ics(requisition, proposed),
            }
        ]
        if proposed
        else []
    )
    context = {
        "requisition_title": requisition.title,
        "hiring_manager_name": person_name(requisition.hiring_manager),
        "recruiter_name": person_name(requisition.recruiter) or "your recruiter",
        "proposed_time": when(proposed) if proposed else "",
        "requisition_url": absolute_url("requisitions:intake", requisition.pk),
    }
    return [
        user_email(
            user=person,
            template_key="intake_invitation",
            idempotency_key=f"intake_invitation:requisition:{requisition.pk}:user:{person.pk}",
            context=context,
            requisition_id=requisition.pk,
            attachments=attachments,
        )
        for person in (requisition.hiring_manager, requisition.recruiter)
        if person is not None
    ]
