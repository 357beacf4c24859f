"""Reads of the candidate database: recruiters and admins only (HMs see people via applications)."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ats.roles import roles_for
from candidates.models import Candidate


def visible_candidates(user) -> QuerySet[Candidate]:
    if roles_for(user).sees_everything:
        return Candidate.objects.all()
    return Candidate.objects.none()


def get_candidate_for_user(user, pk: int) -> Candidate:
    return get_object_or_404(visible_candidates(user), pk=pk)
