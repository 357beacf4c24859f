"""The only writers of the accounts app: the audit log, roles from single sign-on, leavers."""

from __future__ import annotations

import logging

from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

from accounts.models import AuditEvent
from ats.people import person_name
from ats.roles import role_names, roles_assign
from candidates.models import JournalEntry
from workflows.models import Task

logger = logging.getLogger(__name__)


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    kind: str,
    user=None,
    by=None,
    username: str = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one line to the audit log (never edited, never deleted)."""
    return AuditEvent.objects.create(
        kind=kind,
        user=user if user is not None and user.pk else None,
        actor=by,
        username=(username or (user.get_username() if user is not None else ""))[:254],
        detail=detail[:500],
        ip_address=_client_ip(request),
    )


def roles_change(before: set[str], after: set[str]) -> str:
    """How the audit log words a change of roles: "recruiter → admin, recruiter"."""
    return f"{', '.join(sorted(before)) or 'none'} → {', '.join(sorted(after)) or 'none'}"


@transaction.atomic
def user_roles_sync(*, user, roles: set[str], by, source: str) -> bool:
    """Give `user` exactly `roles`; a change is written to the audit log. Returns whether it
    changed. `by` is the admin who did it (None: `source`, e.g. the identity provider)."""
    before = role_names(user)
    if before == set(roles):
        return False
    roles_assign(user, set(roles))
    audit_record(
        kind=AuditEvent.Kind.ROLES_CHANGED,
        user=user,
        by=by,
        detail=f"{roles_change(before, roles)} (by {person_name(by) if by else source})",
    )
    return True


def sessions_end(*, user) -> int:
    """Sign `user` out everywhere at once: every session allauth knows for them is deleted."""
    ended = 0
    for session in UserSession.objects.filter(user_id=user.pk):
        session.end()
        ended += 1
    return ended


def _reassign_open_tasks(*, user, by) -> int:
    """Hand the leaver's open tasks to each requisition's recruiter, with a journal line."""
    moved = 0
    tasks = (
        Task.objects.open()
        .filter(owner=user)
        .select_related("requisition__recruiter", "application__candidate")
    )
    for task in tasks.select_for_update(of=("self",)):
        recruiter = task.requisition.recruiter
        if recruiter is None or recruiter.pk == user.pk or not recruiter.is_active:
            logger.warning("task %s of a leaver has no active recruiter to go to", task.pk)
            continue
        task.owner = recruiter
        task.reminded_at = task.escalated_at = None
        task.save(update_fields=["owner", "reminded_at", "escalated_at"])
        moved += 1
        if task.application_id is None:
            continue
        JournalEntry.objects.create(
            candidate=task.application.candidate,
            requisition=task.requisition,
            kind=JournalEntry.Kind.SYSTEM,
            actor=by,
            summary=(
                f"Task “{task.title}” handed from {person_name(user)} (left) "
                f"to {person_name(recruiter)}"
            )[:300],
        )
    return moved


@transaction.atomic
def user_deactivate(*, user, by, reason: str) -> int:
    """`user` leaves: they can no longer sign in, every session of theirs ends now, their open
    tasks go to the requisitions' recruiters. What they wrote (notes, scorecards, journal
    entries) stays, under their name. Returns how many tasks were handed on."""
    User = get_user_model()
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active:
        locked.is_active = False
        locked.save(update_fields=["is_active"])
    user.is_active = False
    moved = _reassign_open_tasks(user=locked, by=by)
    ended = sessions_end(user=locked)
    audit_record(
        kind=AuditEvent.Kind.DEACTIVATED,
        user=locked,
        by=by,
        detail=f"{reason}; {ended} session(s) ended, {moved} open task(s) handed on",
    )
    return moved
