"""Sourcing: a recruiter puts a candidate into a requisition's pipeline in one click.

Posted from Find Similar (the requisition is in the URL) and from a candidate's profile (the
requisition is chosen in the form). Recruiters and admins only; others get 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ats.redirects import local_path
from ats.rules import may
from candidates.selectors import get_candidate_for_user
from requisitions.models import Requisition
from requisitions.selectors import get_requisition_for_user
from workflows.applications.services import AlreadyInPipeline, application_create

SOURCEABLE = (Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD)


def _pk(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@require_POST
def pipeline_add(request, pk: int | None = None, candidate_pk: int | None = None):
    if not may(request.user, "workflows.add_to_pipeline"):
        raise Http404
    candidate = get_candidate_for_user(
        request.user, candidate_pk or _pk(request.POST.get("candidate"))
    )
    if pk is None and not request.POST.get("requisition"):
        messages.error(request, "Choose a requisition first.")
        return _back(request, candidate)
    requisition = get_requisition_for_user(request.user, pk or _pk(request.POST.get("requisition")))
    if requisition.status not in SOURCEABLE:
        messages.error(
            request,
            f"{requisition.title} is {requisition.get_status_display().lower()}: "
            "its pipeline takes no new candidates.",
        )
        return _back(request, candidate)
    try:
        application_create(
            candidate=candidate, requisition=requisition, by=request.user, source="sourced"
        )
    except AlreadyInPipeline:
        messages.info(
            request, f"{candidate.full_name} is already in the pipeline of {requisition.title}."
        )
    else:
        messages.success(
            request, f"{candidate.full_name} added to the pipeline of {requisition.title}."
        )
    return _back(request, candidate)


def _back(request, candidate):
    target = local_path(request, request.POST.get("next"))
    if target:
        return redirect(target)
    return redirect("candidates:detail", pk=candidate.pk)
