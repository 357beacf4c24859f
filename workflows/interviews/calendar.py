"""Calendar invitations for interviews (iCalendar, RFC 5545/5546, built with `icalendar`).

One event per interview: its UID (`Interview.ics_uid`) never changes, its SEQUENCE
(`Interview.ics_sequence`) grows with every reschedule, so a calendar that got the first invitation
updates that event (METHOD:REQUEST) or removes it (METHOD:CANCEL) instead of adding another.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from ats.people import person_name
from workflows.models import Interview

REQUEST = "REQUEST"
CANCEL = "CANCEL"
MIMETYPE = "text/calendar"


def _address(email: str, name: str, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key] = vText(value)
    return address


def _organizer(interview: Interview) -> tuple[str, str]:
    recruiter = interview.application.requisition.recruiter
    if recruiter is not None and recruiter.email:
        return recruiter.email, person_name(recruiter)
    from email.utils import parseaddr

    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return email or "tandem@localhost", name or "Tandem"


def interview_ics(
    interview: Interview,
    *,
    method: str = REQUEST,
    attendees: Iterable[tuple[str, str]] = (),
    description: str = "",
) -> str:
    """The .ics text of `interview` for `attendees` ((email, name) pairs).

    METHOD:REQUEST (a new or moved interview) or METHOD:CANCEL (a cancelled one), with the
    interview's stable UID and current SEQUENCE.
    """
    application = interview.application
    requisition = application.requisition
    calendar = Calendar()
    calendar.add("prodid", "-//Tandem//Applicant tracking//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)

    event = Event()
    event.add("uid", interview.ics_uid)
    event.add("sequence", interview.ics_sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", interview.starts_at)
    event.add("dtend", interview.ends_at)
    event.add(
        "summary",
        f"{interview.stage.name}: {application.candidate.full_name} — {requisition.title}",
    )
    if interview.video_link or interview.location:
        event.add("location", interview.video_link or interview.location)
    if interview.video_link:
        event.add("url", interview.video_link)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    email, name = _organizer(interview)
    event.add("organizer", _address(email, name), encode=0)
    for attendee_email, attendee_name in attendees:
        event.add(
            "attendee",
            _address(
                attendee_email,
                attendee_name,
                ROLE="REQ-PARTICIPANT",
                PARTSTAT="NEEDS-ACTION",
                RSVP="TRUE",
            ),
            encode=0,
        )
    calendar.add_component(event)
    return calendar.to_ical().decode()


def ics_attachment(content: str, *, method: str = REQUEST) -> dict[str, str]:
    """An outbox attachment (notifications.services.message_queue) for the .ics text."""
    filename = "interview-cancelled.ics" if method == CANCEL else "interview.ics"
    return {"filename": filename, "mimetype": MIMETYPE, "content": content}
