"""Offer pages: draft an offer (recruiter), approve (HM), extend, accept, decline (recruiter)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from workflows.applications import selectors
from workflows.applications.services import StaleApplication, TransitionBlocked
from workflows.interviews import selectors as reads
from workflows.interviews.forms import OfferDeclineForm, OfferForm
from workflows.interviews.views import form_errors_from
from workflows.offers.services import LABELS, offer_create, offer_move


@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest, pk: int):
    app = selectors.get_application_for_user(request.user, pk)
    if not reads.manages_interviews(request.user):
        raise Http404
    form = OfferForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                offer_create(application=app, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(request, "Offer drafted; the hiring manager is asked to approve.")
                return redirect(app.get_absolute_url())
    return TemplateResponse(
        request, "workflows/offer_form.html", {"app": app, "form": form}, status=status
    )


def _move(request: HttpRequest, offer, transition: str, **kwargs):
    """Make the move; None when it went through, else the reason it did not."""
    try:
        offer_move(offer=offer, transition=transition, by=request.user, **kwargs)
    except PermissionDenied as error:
        return str(error)
    except (ValidationError, TransitionBlocked) as error:
        return " ".join(error.messages)
    except StaleApplication as error:
        return str(error)
    return None


@require_POST
def offer_action(request: HttpRequest, pk: int, transition: str):
    """approve / extend / accept (decline has a page of its own: it asks for the reason)."""
    offer = reads.get_offer_for_user(request.user, pk)
    if transition not in LABELS or transition == "decline":
        raise Http404
    error = _move(request, offer, transition)
    if error:
        messages.error(request, error)
    else:
        offer.refresh_from_db()
        messages.success(request, f"Offer {offer.get_status_display().lower()}.")
    return redirect(offer.application.get_absolute_url())


@require_http_methods(["GET", "POST"])
def offer_decline(request: HttpRequest, pk: int):
    offer = reads.get_offer_for_user(request.user, pk)
    if not reads.manages_interviews(request.user):
        raise Http404
    form = OfferDeclineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            error = _move(
                request,
                offer,
                "decline",
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
            if error is None:
                messages.success(request, "Offer declined; the application is closed.")
                return redirect(offer.application.get_absolute_url())
            form.add_error(None, error)
    return TemplateResponse(
        request,
        "workflows/offer_decline.html",
        {"offer": offer, "app": offer.application, "form": form},
        status=status,
    )
