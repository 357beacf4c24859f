"""Privacy: the candidate's withdraw-consent page (public), and a recruiter's export and erasure
of one candidate's data (from the candidate profile)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from candidates.models import Candidate
from candidates.selectors import get_candidate_for_user
from careers import services
from careers.consent import candidate_id_for_token
from careers.forms import EraseForm
from careers.models import ErasureRecord


@login_not_required
@require_http_methods(["GET", "POST"])
def consent_withdraw(request, token: str):
    """GET explains and asks; POST withdraws the talent-pool consent (never changed by a GET)."""
    candidate_id = candidate_id_for_token(token)
    candidate = Candidate.objects.filter(pk=candidate_id).first() if candidate_id else None
    if candidate is None:
        return TemplateResponse(request, "careers/consent_invalid.html", {}, status=404)
    done = False
    if request.method == "POST":
        services.consent_withdraw(candidate=candidate)
        done = True
    return TemplateResponse(
        request,
        "careers/consent_withdraw.html",
        {
            "done": done,
            "has_consent": candidate.talent_pool_consent and not done,
            "retention_days": settings.TANDEM_RETENTION_DAYS["closed_without_consent"],
        },
    )


def _managed_candidate(request, pk: int) -> Candidate:
    if not services.may_manage_personal_data(request.user):
        raise Http404
    return get_candidate_for_user(request.user, pk)


@require_POST
def candidate_export(request, pk: int):
    """A zip (candidate.json and the resume) of everything Tandem holds about the candidate."""
    candidate = _managed_candidate(request, pk)
    filename, data = services.candidate_export(candidate=candidate, by=request.user)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def candidate_erase(request, pk: int):
    """Confirm, then erase the candidate's personal data on their request."""
    candidate = _managed_candidate(request, pk)
    erased = ErasureRecord.objects.filter(candidate=candidate).first()
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and erased is None and form.is_valid():
        try:
            services.candidate_erase(
                candidate=candidate, by=request.user, reason=ErasureRecord.Reason.REQUEST
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "The candidate's personal data was erased.")
            return redirect("candidates:detail", pk=candidate.pk)
    return TemplateResponse(
        request,
        "careers/erase_confirm.html",
        {
            "candidate": candidate,
            "form": form,
            "erased": erased,
            "applications": candidate.applications.select_related("requisition"),
        },
        status=400 if form.errors or (request.method == "POST" and erased) else 200,
    )
