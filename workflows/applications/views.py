"""The application page, its moves (every page's move buttons post here) and its notes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods, require_POST

from ats.redirects import local_path
from ats.rules import may
from workflows.applications import selectors
from workflows.applications.forms import MoveForm, NoteForm, offered_reasons
from workflows.applications.services import (
    StaleApplication,
    TransitionBlocked,
    application_move,
    application_note_add,
)
from workflows.applications.views_pipeline import render_board
from workflows.interviews import selectors as reads
from workflows.models import Application
from workflows.offers.services import offer_actions


def _detail_context(request: HttpRequest, app: Application, **extra) -> dict:
    options = selectors.move_options(app, request.user)
    reasons = offered_reasons() if any(o.move.needs_input for o in options) else []
    forms = {
        option.name: MoveForm(
            application=app,
            move_name=option.name,
            reasons=reasons,
            can_override=option.can_override,
            auto_id=f"id_{option.name}_%s",
        )
        for option in options
        if option.move.needs_input or option.can_override
    }
    screening = getattr(app, "screening", None) if app.screening_completed else None
    whole = selectors.sees_whole_application(request.user, app)
    interview_rows, scorecards_hidden = reads.application_interviews(request.user, app)
    offers = reads.application_offers(request.user, app) if whole else []
    return {
        "sees_whole": whole,
        "interview_rows": interview_rows,
        "interview_scorecards_hidden": scorecards_hidden,
        "manages_interviews": reads.manages_interviews(request.user),
        "offer_rows": [(offer, offer_actions(offer, request.user)) for offer in offers],
        "can_draft_offer": may(request.user, "workflows.draft_offer", app),
        "app": app,
        "candidate": app.candidate,
        "requisition": app.requisition,
        "options": [(option, forms.get(option.name)) for option in options],
        "screening": screening,
        "answers": list(screening.answers.select_related("question")) if screening else [],
        "history": selectors.application_history(app) if whole else [],
        "journal": selectors.application_journal(request.user, app) if whole else [],
        "note_form": extra.pop("note_form", None) or NoteForm(),
        **extra,
    }


@require_http_methods(["GET"])
def application_detail(request: HttpRequest, pk: int):
    app = selectors.get_application_for_user(request.user, pk)
    return TemplateResponse(request, "workflows/application.html", _detail_context(request, app))


def _safe_next(request: HttpRequest, value: str | None, app: Application) -> str:
    return local_path(request, value) or app.get_absolute_url()


def _apply_service_error(form: MoveForm, error: Exception) -> int:
    """Put the service's refusal on the form; the HTTP status that says what kind it was."""
    if isinstance(error, StaleApplication):
        form.add_error(None, str(error))
        return 409
    if isinstance(error, TransitionBlocked):
        for message in error.messages:
            form.add_error(None, message)
        return 409
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or "You may not make this move.")
        return 403
    assert isinstance(error, ValidationError)
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
    return 400


@require_http_methods(["GET", "POST"])
def application_move_view(request: HttpRequest, pk: int):
    """GET: the form for one move (`?transition=reject`); POST: make the move.

    From the pipeline with HTMX, the answer is the refreshed board (with the error, if any).
    """
    app = selectors.get_application_for_user(request.user, pk)
    is_admin = may(request.user, "workflows.override_guard")
    if request.method == "GET":
        form = MoveForm(
            application=app,
            move_name=request.GET.get("transition", ""),
            can_override=is_admin,
            initial={"next": local_path(request, request.GET.get("next")) or ""},
        )
        error = "" if form.move else "Unknown move; go back and pick one of the buttons."
        return TemplateResponse(
            request,
            "workflows/move.html",
            {"app": app, "form": form, "error": error},
            status=400 if error else 200,
        )

    form = MoveForm(request.POST, application=app, can_override=is_admin)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            application_move(
                application=app,
                transition=data["transition"],
                by=request.user,
                reason=data.get("reason"),
                note=data.get("note", ""),
                feedback=data.get("feedback", ""),
                override_justification=data.get("override_justification", ""),
                expected_state=data.get("expected_state") or None,
            )
        except (StaleApplication, TransitionBlocked, PermissionDenied, ValidationError) as error:
            status = _apply_service_error(form, error)
        else:
            app.refresh_from_db()
            state = app.get_state_display().lower()
            done = f"{app.candidate}: {form.move.label.lower()} — now {state}."
            if request.htmx and form.cleaned_data.get("origin") == "pipeline":
                return render_board(request, app.requisition, notice=done)
            messages.success(request, done)
            return redirect(_safe_next(request, data.get("next"), app))
    if request.htmx and request.POST.get("origin") == "pipeline":
        errors = " ".join(form.non_field_errors()) or " ".join(
            str(error) for errors in form.errors.values() for error in errors
        )
        return render_board(
            request, app.requisition, error=f"{app.candidate}: {errors}", status=status
        )
    return TemplateResponse(
        request, "workflows/move.html", {"app": app, "form": form}, status=status
    )


@require_POST
def application_note(request: HttpRequest, pk: int):
    app = selectors.get_application_for_user(request.user, pk)
    if not selectors.sees_whole_application(request.user, app):
        raise Http404
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            application_note_add(application=app, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error.messages[0])
        else:
            messages.success(request, "Note added to the journal.")
            return redirect(app.get_absolute_url())
    return TemplateResponse(
        request,
        "workflows/application.html",
        _detail_context(request, app, note_form=form),
        status=400,
    )
