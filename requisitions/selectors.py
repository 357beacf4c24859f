"""Reads of requisitions, always starting from the user (an HM sees only their own)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ats.guards import blocked_reasons
from ats.rules import may
from requisitions.models import (
    DUTY_DEFAULT_HOURS,
    TRANSITIONS,
    Duty,
    InterviewStage,
    Requisition,
    ServiceLevelDefault,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def visible_requisitions(user: User | AnonymousUser) -> QuerySet[Requisition]:
    """Recruiters and admins see every requisition; a hiring manager those they manage."""
    if may(user, "requisitions.view_all_requisitions"):
        return Requisition.objects.all()
    if may(user, "requisitions.view_own_requisitions"):
        return Requisition.objects.filter(hiring_manager=user)
    return Requisition.objects.none()


def get_requisition_for_user(user: User | AnonymousUser, pk: int) -> Requisition:
    """The requisition `pk` if `user` may see it; 404 otherwise (never a 403 that confirms it)."""
    return get_object_or_404(visible_requisitions(user), pk=pk)


def requisition_list(
    user: User | AnonymousUser, *, status: str = "", department: str = "", mine: bool = False
) -> QuerySet[Requisition]:
    """The list page: visible requisitions, filtered, with the people it shows (no N+1)."""
    requisitions = visible_requisitions(user).select_related("hiring_manager", "recruiter")
    if status:
        requisitions = requisitions.filter(status=status)
    if department:
        requisitions = requisitions.filter(department=department)
    if mine:
        requisitions = requisitions.filter(Q(hiring_manager=user) | Q(recruiter=user))
    return requisitions


def departments(user: User | AnonymousUser) -> list[str]:
    """The departments of the requisitions `user` sees, for the list filter."""
    return list(
        visible_requisitions(user)
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def get_requisition_with_intake(user: User | AnonymousUser, pk: int) -> Requisition:
    """The requisition with everything its detail and intake pages show (404 for outsiders)."""
    queryset = (
        visible_requisitions(user)
        .select_related("hiring_manager", "recruiter", "intake")
        .prefetch_related(
            "criteria",
            "service_levels",
            Prefetch(
                "stages",
                queryset=InterviewStage.objects.prefetch_related("interviewers", "focus_areas"),
            ),
            "intake__attendees",
            "knockout_questions",
        )
    )
    return get_object_or_404(queryset, pk=pk)


def service_level_defaults() -> dict[str, int]:
    """Hours per duty that the SLA form starts from: admins' defaults, else Tandem's."""
    hours: dict[str, int] = {duty.value: DUTY_DEFAULT_HOURS[duty] for duty in Duty}
    hours.update(ServiceLevelDefault.objects.values_list("duty", "hours"))
    return hours


def agreed_hours(requisition: Requisition) -> dict[str, int]:
    """The SLAs agreed for `requisition`, hours per duty (later apps start their clocks here)."""
    return {level.duty: level.hours for level in requisition.service_levels.all()}


@dataclass(frozen=True)
class Action:
    """A status move `user` may make on a requisition; `reasons` say why it is blocked now."""

    transition: str
    label: str
    reasons: list[str]

    @property
    def blocked(self) -> bool:
        return bool(self.reasons)


def may_move(requisition: Requisition, transition: str, user: User | AnonymousUser) -> bool:
    """Whether `user` holds the permission for `transition` from the current status.

    Unlike django_fsm.has_transition_perm this leaves the guards out: a recruiter may try to
    open an incomplete requisition and is told what is missing; an HM may not try at all.
    """
    meta = getattr(requisition, transition)._django_fsm
    state = meta.field.get_state(requisition)
    return meta.has_transition(state) and meta.has_transition_perm(requisition, state, user)


ACTION_LABELS = {
    "open": "Open the search",
    "hold": "Put on hold",
    "resume": "Resume",
    "fill": "Mark filled",
    "cancel": "Cancel requisition",
}


def requisition_actions(requisition: Requisition, user: User | AnonymousUser) -> list[Action]:
    """The moves available to `user` from the current status, each with its blocking reasons."""
    return [
        Action(name, ACTION_LABELS[name], blocked_reasons(getattr(requisition, name)))
        for name in TRANSITIONS
        if may_move(requisition, name, user)
    ]


def open_blockers(requisition: Requisition) -> list[str]:
    """What is still missing before the search can open (empty once it can, or is past draft)."""
    if requisition.status != Requisition.Status.DRAFT:
        return []
    return blocked_reasons(requisition.open)
