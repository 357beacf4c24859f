"""The comparison of a requisition's candidates against its criteria, from their scorecards."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from requisitions.selectors import get_requisition_for_user
from workflows.interviews.selectors import comparison as comparison_of


@require_http_methods(["GET"])
def comparison(request: HttpRequest, pk: int):
    requisition = get_requisition_for_user(request.user, pk)
    data = comparison_of(request.user, requisition, sort=request.GET.get("sort", ""))
    return TemplateResponse(
        request,
        "workflows/comparison.html",
        {"requisition": requisition, "comparison": data, "active_tab": "comparison"},
    )
