"""Find Similar (recruiters and admins) and the realism meter (also the requisition's HM)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

from candidates import services
from candidates.forms import BenchmarkForm
from candidates.models import BenchmarkCandidate
from candidates.selectors import (
    LIST_COLUMNS,
    realism_for,
    requisition_benchmarks,
    search_candidates,
    similar_candidates,
    visible_candidates,
)
from candidates.text import query_words
from candidates.views import require_candidate_access
from requisitions.selectors import get_requisition_for_user

FIND_LIMIT = 10


@require_GET
def find_similar(request, pk: int):
    require_candidate_access(request)
    requisition = get_requisition_for_user(request.user, pk)
    benchmarks = requisition_benchmarks(requisition)
    people = [benchmark.candidate for benchmark in benchmarks]
    find = request.GET.get("find", "").strip()
    found = []
    if query_words(find):
        found = list(
            search_candidates(
                visible_candidates(request.user)
                .only(*LIST_COLUMNS)
                .exclude(pk__in=[c.pk for c in people]),
                find,
            )[:FIND_LIMIT]
        )
    context = {
        "requisition": requisition,
        "benchmarks": people,
        "benchmark_limit": BenchmarkCandidate.MAX_PER_REQUISITION,
        "can_add_benchmark": len(people) < BenchmarkCandidate.MAX_PER_REQUISITION,
        "find": find,
        "found": found,
        "results": similar_candidates(requisition=requisition, benchmarks=people),
    }
    return TemplateResponse(request, "candidates/similar.html", context)


@require_POST
def benchmark_change(request, pk: int):
    require_candidate_access(request)
    requisition = get_requisition_for_user(request.user, pk)
    form = BenchmarkForm(request.POST, candidates=visible_candidates(request.user))
    if not form.is_valid():
        raise Http404  # an unknown or invisible candidate: nothing to say about it
    candidate = form.cleaned_data["candidate"]
    if form.cleaned_data["action"] == "add":
        try:
            services.benchmark_add(requisition=requisition, candidate=candidate, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{candidate.full_name} is a benchmark for this search.")
    else:
        services.benchmark_remove(requisition=requisition, candidate=candidate)
        messages.success(request, f"{candidate.full_name} is no longer a benchmark.")
    return redirect("candidates:similar", pk=requisition.pk)


@require_GET
def realism_meter(request, pk: int):
    """Counts only (never names): recruiters, admins and the requisition's own HM may see them."""
    requisition = get_requisition_for_user(request.user, pk)
    context = {"requisition": requisition, "realism": realism_for(requisition)}
    template = "candidates/realism.html"
    if request.htmx:
        template += "#meter"
    return TemplateResponse(request, template, context)
