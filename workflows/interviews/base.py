"""What every writer of interviews shares: the row lock, the journal line, who may manage
interviews, and how a moment reads in an email."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils import dateformat, timezone

from ats.people import person_name
from ats.rules import may
from candidates.models import JournalEntry
from workflows.models import Interview

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User


def when(moment: datetime) -> str:
    """A moment as people read it in an email: "Tuesday 14 May 2025, 10:00 UTC"."""
    return dateformat.format(timezone.localtime(moment), "l j F Y, H:i T")


def names(users: Iterable) -> list[str]:
    return [person_name(user) for user in users]


def require_recruiter(by: User | None) -> None:
    if by is None or not may(by, "workflows.manage_interviews"):
        raise PermissionDenied("Only recruiters schedule and manage interviews.")


def journal(
    interview: Interview, *, by: User | None, summary: str, body: str = "", kind: str = ""
) -> None:
    application = interview.application
    JournalEntry.objects.create(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=kind or JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=summary[:300],
        body=body,
    )


def lock(interview: Interview) -> Interview:
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
