"""The public job board and the application form (no account needed)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from careers import selectors, services
from careers.forms import ApplyForm, JobSearchForm
from requisitions.models import Requisition

PAGE_SIZE = 20
# A whole application (a 10 MB resume and the text fields) stays under this; a larger request is
# refused before Django reads it.
MAX_APPLY_BYTES = 11 * 1024 * 1024

logger = logging.getLogger("tandem.careers")


def _over_apply_rate(request) -> bool:
    """Whether this address has applied too often. The count lives in the cache, which fails
    open when Redis cannot be reached (ats/cache.py): an outage never costs an application."""
    return is_ratelimited(
        request,
        group="careers:apply",
        key="ip",
        rate=settings.TANDEM_APPLY_RATE,
        method="POST",
        increment=True,
    )


@login_not_required
@require_GET
def job_list(request):
    facets = selectors.job_facets()
    form = JobSearchForm(request.GET or None, **facets)
    filters = selectors.JobFilters()
    if form.is_bound and form.is_valid():
        filters = selectors.JobFilters(**form.cleaned_data)
    jobs = selectors.search_jobs(filters)
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "careers/job_list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(vars(filters).values()),
            "query": query.urlencode(),
        },
    )


@login_not_required
@require_GET
def job_detail(request, slug: str):
    job = selectors.get_published_job(slug)
    return TemplateResponse(request, "careers/job_detail.html", {"job": job})


def _apply_page(request, job: Requisition, form: ApplyForm, *, status: int = 200):
    return TemplateResponse(
        request,
        "careers/apply.html",
        {
            "job": job,
            "form": form,
            "resume_again": form.is_bound and not form.errors.get("resume"),
            "next_steps": services.next_steps(job),
            "retention_days": settings.TANDEM_RETENTION_DAYS["closed_without_consent"],
        },
        status=status,
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def job_apply(request, slug: str):
    job = selectors.get_published_job(slug)
    questions = list(job.knockout_questions.all())
    if request.method == "GET":
        return _apply_page(request, job, ApplyForm(questions=questions))

    if _over_apply_rate(request):
        return TemplateResponse(request, "careers/too_many.html", {"job": job}, status=429)
    try:
        content_length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _apply_page(request, job, ApplyForm(questions=questions), status=400)
    if content_length > MAX_APPLY_BYTES:
        return TemplateResponse(request, "careers/too_large.html", {"job": job}, status=413)

    form = ApplyForm(request.POST, request.FILES, questions=questions)
    if form.spam:
        form.add_error(None, "We could not accept this form. Please leave the last field empty.")
        return _apply_page(request, job, form, status=400)
    if not form.is_valid():
        return _apply_page(request, job, form, status=400)
    data = form.cleaned_data
    try:
        services.application_submit(
            requisition=job,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            links=data["links"],
            resume=data["resume"],
            answers=form.answers(),
            talent_pool_consent=data["talent_pool_consent"],
        )
    except services.AlreadyApplied:
        return TemplateResponse(
            request,
            "careers/already_applied.html",
            {"job": job},
            status=409,
        )
    except ValidationError as error:
        found = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for field, messages in found.items():
            form.add_error(field if field in form.fields else None, messages)
        return _apply_page(request, job, form, status=400)
    return redirect("careers:applied", slug=job.slug)


@login_not_required
@require_GET
def job_applied(request, slug: str):
    """The confirmation: the same neutral page for everyone who applied."""
    job = selectors.get_published_job(slug)
    return TemplateResponse(
        request,
        "careers/applied.html",
        {"job": job, "next_steps": services.next_steps(job)},
    )
