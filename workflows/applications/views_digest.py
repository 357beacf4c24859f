"""The screening digest's one-click links: accept to interview, or decline with a reason.

A link carries a signed, expiring token naming the application and the HM it was sent to. The
link opens a page (a GET never changes anything); the decision is a POST from that page, made
through `application_move` like any other. A tampered or expired link shows a clear page and
changes nothing; anyone but the HM the link was sent to gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from workflows.applications import selectors
from workflows.applications.forms import MoveForm
from workflows.applications.milestones import (
    DigestLinkExpired,
    DigestLinkInvalid,
    digest_token_read,
)
from workflows.applications.services import StaleApplication, TransitionBlocked, application_move
from workflows.applications.views import _apply_service_error
from workflows.models import Application

TEMPLATE = "workflows/digest_link.html"
SHORTLISTED = Application.State.SHORTLISTED


def _link_problem(request: HttpRequest, problem: str, status: int) -> TemplateResponse:
    return TemplateResponse(request, TEMPLATE, {"problem": problem}, status=status)


def _application_for_link(request: HttpRequest, token: str):
    """(application, None) for a valid link of this user, or (None, the page that says why)."""
    try:
        application_id, user_id = digest_token_read(token)
    except DigestLinkExpired:
        return None, _link_problem(request, "expired", 410)
    except DigestLinkInvalid:
        return None, _link_problem(request, "invalid", 400)
    if user_id != request.user.pk:
        raise Http404("This link was sent to someone else.")
    return selectors.get_application_for_user(request.user, application_id), None


@require_http_methods(["GET", "POST"])
def digest_accept(request: HttpRequest, token: str):
    app, problem = _application_for_link(request, token)
    if problem:
        return problem
    context, status = {"app": app, "decision": "accept"}, 200
    if request.method == "POST" and app.state == SHORTLISTED:
        try:
            application_move(
                application=app, transition="accept", by=request.user, expected_state=SHORTLISTED
            )
        except (StaleApplication, TransitionBlocked, PermissionDenied, ValidationError) as error:
            context["error"] = " ".join(getattr(error, "messages", [str(error)]))
            status = 409
        else:
            messages.success(request, f"{app.candidate}: accepted to interview.")
            return redirect(app.get_absolute_url())
    return TemplateResponse(request, TEMPLATE, context, status=status)


@require_http_methods(["GET", "POST"])
def digest_decline(request: HttpRequest, token: str):
    app, problem = _application_for_link(request, token)
    if problem:
        return problem
    status = 200
    if request.method == "POST" and app.state == SHORTLISTED:
        data = request.POST.copy()
        data["transition"] = "decline"
        data["expected_state"] = SHORTLISTED
        form = MoveForm(data, application=app)
        status = 400
        if form.is_valid():
            try:
                application_move(
                    application=app,
                    transition="decline",
                    by=request.user,
                    reason=form.cleaned_data.get("reason"),
                    note=form.cleaned_data.get("note", ""),
                    feedback=form.cleaned_data.get("feedback", ""),
                    expected_state=SHORTLISTED,
                )
            except (StaleApplication, TransitionBlocked, PermissionDenied, ValidationError) as e:
                status = _apply_service_error(form, e)
            else:
                messages.success(request, f"{app.candidate}: declined. Thank you for the feedback.")
                return redirect(app.get_absolute_url())
    else:
        form = MoveForm(application=app, move_name="decline")
    return TemplateResponse(
        request, TEMPLATE, {"app": app, "decision": "decline", "form": form}, status=status
    )
