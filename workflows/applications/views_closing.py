"""/requisitions/<pk>/close-rest/: the applications a filled or cancelled search left open, and
the one button that closes them (the recruiter's "close the rest" duty links here)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from ats.rules import may
from requisitions.selectors import get_requisition_for_user
from workflows.applications.closing import (
    CLOSED,
    REASONS,
    applications_close_rest,
    open_applications,
)

LISTED = 25  # the page names this many of the applications it closes, and counts the rest


@require_http_methods(["GET", "POST"])
def close_rest(request: HttpRequest, pk: int):
    if not may(request.user, "workflows.close_rest"):
        raise Http404
    requisition = get_requisition_for_user(request.user, pk)
    error, left = "", []
    if request.method == "POST":
        try:
            result = applications_close_rest(requisition=requisition, by=request.user)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            if not result.left:
                messages.success(
                    request,
                    f"{result.closed} application{'s' if result.closed != 1 else ''} closed; "
                    "each candidate gets the rejection email after the usual delay.",
                )
                return redirect("requisitions:detail", pk=requisition.pk)
            left = result.left
    still_open = open_applications(requisition)
    total = still_open.count()
    applications = list(still_open.select_related("candidate").order_by("pk")[:LISTED])
    return TemplateResponse(
        request,
        "workflows/close_rest.html",
        {
            "requisition": requisition,
            "applications": applications,
            "total": total,
            "more": total - len(applications),
            "closable": requisition.status in CLOSED,
            "reason": REASONS.get(requisition.status, ""),
            "error": error,
            "left": left,
        },
        status=400 if error or left else 200,
    )
