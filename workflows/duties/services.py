"""Duties: tasks with an owner and an SLA clock — created by events, completed by the action that
fulfils them (or by their owner, for the kinds no action fulfils).

A task made for an occasion carries a unique `key` ("review:application:42:move:7"): the same
occasion reached twice (a retried sweep, a double click) finds the existing task.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from requisitions.models import Duty, Requisition
from requisitions.selectors import agreed_hours, service_level_defaults
from workflows.models import Application, Task

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def sla_hours(requisition: Requisition, duty: str) -> int:
    """The hours agreed at intake for `duty`, or the admins' default while none is agreed."""
    return agreed_hours(requisition).get(duty) or service_level_defaults()[duty]


def sla_due(requisition: Requisition, duty: Duty, *, start: datetime | None = None) -> datetime:
    return (start or timezone.now()) + timedelta(hours=sla_hours(requisition, duty))


@transaction.atomic
def task_ensure(
    *,
    key: str,
    requisition: Requisition,
    owner,
    kind: str,
    title: str,
    due_at: datetime,
    application: Application | None = None,
    blocking: bool = False,
    announce_at: datetime | None = None,
) -> tuple[Task, bool]:
    """The task for `key`, created when there is none yet; returns (task, created)."""
    existing = Task.objects.filter(key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            task = Task.objects.create(
                key=key,
                requisition=requisition,
                application=application,
                owner=owner,
                kind=kind,
                title=title[:200],
                due_at=due_at,
                blocking=blocking,
                announce_at=announce_at,
            )
    except IntegrityError:  # a concurrent transaction made it first
        return Task.objects.get(key=key), False
    return task, True


def tasks_complete(
    *,
    kinds,
    application: Application | None = None,
    applications: Iterable[Application] | None = None,
    requisition=None,
    candidate=None,
) -> int:
    """Tandem completes the open tasks of `kinds` whose duty an action just fulfilled, narrowed
    to one application, several, a requisition and/or a candidate.

    Not a state field: a plain update of the open rows (run inside the action's transaction).
    Returns how many were completed.
    """
    tasks = Task.objects.open().filter(kind__in=list(kinds))
    if application is not None:
        tasks = tasks.filter(application=application)
    if applications is not None:
        tasks = tasks.filter(application__in=list(applications))
    if requisition is not None:
        tasks = tasks.filter(requisition=requisition)
    if candidate is not None:
        tasks = tasks.filter(application__candidate=candidate)
    return tasks.update(completed_at=timezone.now(), announce_at=None)


@transaction.atomic
def task_complete(*, task: Task, by: User) -> Task:
    """The owner marks a task done. Tasks an action fulfils are completed by that action only."""
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if locked.owner_id != by.pk:
        raise PermissionDenied("Only the task's owner completes it.")
    if locked.is_automatic:
        raise ValidationError(
            f"“{locked.title}” completes itself when the work is done "
            f"({locked.get_kind_display().lower()})."
        )
    if locked.completed_at is not None:
        return locked
    locked.completed_at = timezone.now()
    locked.completed_by = by
    locked.announce_at = None
    locked.save(update_fields=["completed_at", "completed_by", "announce_at"])
    return locked
