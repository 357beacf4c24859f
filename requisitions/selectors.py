"""Reads of requisitions, always starting from the user (an HM sees only their own)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ats.roles import roles_for
from requisitions.models import Requisition


def visible_requisitions(user) -> QuerySet[Requisition]:
    """Recruiters and admins see every requisition; a hiring manager those they manage."""
    roles = roles_for(user)
    if roles.sees_everything:
        return Requisition.objects.all()
    if roles.is_hiring_manager:
        return Requisition.objects.filter(hiring_manager=user)
    return Requisition.objects.none()


def get_requisition_for_user(user, pk: int) -> Requisition:
    """The requisition `pk` if `user` may see it; 404 otherwise (never a 403 that confirms it)."""
    return get_object_or_404(visible_requisitions(user), pk=pk)
