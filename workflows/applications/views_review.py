"""The hiring manager's shortlist review: accept to interview, or decline with honest feedback."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from ats.rules import may
from workflows.applications import selectors
from workflows.applications.forms import MoveForm, offered_reasons


@require_http_methods(["GET"])
def review(request: HttpRequest):
    if not may(request.user, "workflows.review_shortlists"):
        raise Http404("The shortlist review is for hiring managers.")
    applications = list(selectors.review_applications(request.user))
    must_haves = selectors.must_haves_by_requisition({app.requisition_id for app in applications})
    reasons = offered_reasons() if applications else []
    back = reverse("workflows:review")
    groups: dict[int, dict] = {}
    for app in applications:
        criteria = must_haves[app.requisition_id]
        # An admin may have shortlisted without a screening (an override): no ratings then.
        screening = getattr(app, "screening", None)
        answers = screening.answers.all() if screening else []
        ratings = {answer.question.criterion_id: answer for answer in answers}
        group = groups.setdefault(
            app.requisition_id, {"requisition": app.requisition, "criteria": criteria, "rows": []}
        )
        group["rows"].append(
            {
                "app": app,
                "ratings": [ratings.get(criterion.pk) for criterion in criteria],
                "decline_form": MoveForm(
                    application=app,
                    move_name="decline",
                    reasons=reasons,
                    auto_id=f"id_{app.pk}_decline_%s",
                    initial={"next": back},
                ),
            }
        )
    return TemplateResponse(
        request, "workflows/review.html", {"groups": list(groups.values()), "back": back}
    )
