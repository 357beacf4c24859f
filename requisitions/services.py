"""The only writers of requisition state."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django_fsm import has_transition_perm

from ats.guards import blocked_reasons
from requisitions.models import Requisition

TRANSITIONS = ("open", "hold", "resume", "fill", "cancel")


class TransitionBlocked(ValidationError):
    """A guard refused the move; `.messages` says why, in words for the page."""


@transaction.atomic
def requisition_move(
    *, requisition: Requisition, transition: str, by, reason: str = ""
) -> Requisition:
    """Move `requisition` by the named transition on behalf of `by`.

    `by=None` is Tandem itself (e.g. hiring the last headcount fills the requisition): no
    permission check then. Raises PermissionDenied, TransitionBlocked (with reasons) or
    ValidationError (unknown transition, a cancel without a reason).
    """
    if transition not in TRANSITIONS:
        raise ValidationError(f"Unknown requisition transition: {transition!r}.")
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    method = getattr(locked, transition)
    if by is not None and not has_transition_perm(method, by):
        raise PermissionDenied(f"You may not {transition} this requisition.")
    reasons = blocked_reasons(method)
    if reasons:
        raise TransitionBlocked(reasons)
    if transition == "cancel":
        if not reason.strip():
            raise ValidationError({"reason": "Say why the requisition is cancelled."})
        locked.cancel_reason = reason.strip()
    method()
    now = timezone.now()
    if transition == "open" and locked.opened_at is None:
        locked.opened_at = now
    if transition in ("fill", "cancel"):
        locked.closed_at = now
    locked.save()
    requisition.refresh_from_db()
    return locked


def requisition_fill(*, requisition: Requisition, by=None) -> Requisition:
    """Mark `requisition` filled (Tandem calls this when the last headcount is hired)."""
    return requisition_move(requisition=requisition, transition="fill", by=by)
