"""A filled or cancelled search closes its remaining applications the way a person would.

When the last headcount is hired (or the requisition is cancelled), the applications still open
get no decision by themselves. Tandem gives the recruiter one duty, "close the rest", due after
the agreed candidate-update time and escalated like any other overdue duty; one click rejects
them all with the reason "Position filled" (or "Search cancelled"), and each candidate gets the
usual polite rejection email after the usual delay.

The requisitions app may not import workflows, so a cancel cannot make the duty itself: the
beat sweep `closing_duties_ensure` does, within a minute (hiring the last headcount makes it at
once).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from ats.rules import may
from requisitions.models import Duty, Requisition
from workflows.applications.models import ACTIVE_STATES, Application, DispositionReason
from workflows.applications.services import application_move
from workflows.duties.models import Task
from workflows.duties.services import sla_due, task_ensure, tasks_complete

CLOSED = [Requisition.Status.FILLED, Requisition.Status.CANCELLED]
REASONS = {
    Requisition.Status.FILLED: "Position filled",
    Requisition.Status.CANCELLED: "Search cancelled",
}
SWEEP_BATCH = 200


def open_applications(requisition: Requisition):
    return Application.objects.filter(requisition=requisition, state__in=ACTIVE_STATES)


def closing_duty_ensure(*, requisition: Requisition) -> Task | None:
    """The recruiter's "close the rest" duty for a closed requisition with open applications."""
    owner = requisition.recruiter or requisition.hiring_manager
    if requisition.status not in CLOSED or owner is None:
        return None
    count = open_applications(requisition).count()
    if not count:
        return None
    task, _ = task_ensure(
        key=f"close_rest:requisition:{requisition.pk}",
        requisition=requisition,
        owner=owner,
        kind=Task.Kind.CLOSE_REST,
        title=(
            f"{requisition.title} is {requisition.get_status_display().lower()}: close the "
            f"{count} application{'s' if count != 1 else ''} still open"
        ),
        due_at=sla_due(requisition, Duty.CANDIDATE_UPDATE),
    )
    return task


def closing_duties_ensure(*, limit: int = SWEEP_BATCH) -> int:
    """Every minute (beat): give each closed requisition with open applications its duty, and
    complete the duties with nothing left to close. Returns the duties created."""
    with transaction.atomic():
        for task in Task.objects.open().filter(kind=Task.Kind.CLOSE_REST):
            if not open_applications(task.requisition).exists():
                tasks_complete(kinds=[Task.Kind.CLOSE_REST], requisition=task.requisition)
    waiting = (
        Requisition.objects.filter(status__in=CLOSED)
        .filter(Exists(open_applications(OuterRef("pk"))))
        .exclude(Exists(Task.objects.filter(requisition=OuterRef("pk"), kind=Task.Kind.CLOSE_REST)))
        .select_related("recruiter", "hiring_manager")
        .order_by("pk")[:limit]
    )
    created = 0
    for requisition in waiting:
        with transaction.atomic():
            created += closing_duty_ensure(requisition=requisition) is not None
    return created


def _reason(requisition: Requisition) -> DispositionReason:
    """A reason a person could pick too ("we declined: position filled"), made when first needed."""
    reason, _ = DispositionReason.objects.get_or_create(
        group=DispositionReason.Group.WE_DECLINED,
        label=REASONS[requisition.status],
        defaults={"is_system": False, "active": True},
    )
    if reason.is_system or not reason.active:
        reason.is_system, reason.active = False, True
        reason.save(update_fields=["is_system", "active"])
    return reason


@dataclass(frozen=True)
class ClosedRest:
    closed: int
    left: list[tuple[Application, list[str]]]  # the ones a guard kept open, with why


@transaction.atomic
def applications_close_rest(*, requisition: Requisition, by) -> ClosedRest:
    """Reject every application still open on a filled or cancelled requisition, each through
    `application_move` (journal, polite email after the usual delay), and complete the duty."""
    if not may(by, "workflows.close_rest", requisition):
        raise PermissionDenied("Only the recruiter closes the remaining applications.")
    locked = Requisition.objects.select_for_update().get(pk=requisition.pk)
    if locked.status not in CLOSED:
        raise ValidationError("The search is still on: its applications stay open.")
    reason, closed, left = _reason(locked), 0, []
    for application in open_applications(locked).select_related("candidate"):
        try:
            with transaction.atomic():
                application_move(
                    application=application,
                    transition="reject",
                    by=by,
                    reason=reason,
                    note=f"{locked.title}: {reason.label.lower()}.",
                )
        except ValidationError as refused:  # a guard (TransitionBlocked) kept it open
            left.append((application, list(refused.messages)))
        else:
            closed += 1
    if not left:
        tasks_complete(kinds=[Task.Kind.CLOSE_REST], requisition=locked)
    return ClosedRest(closed=closed, left=left)
