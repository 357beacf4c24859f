"""The pipeline of one requisition: a column per state, a card per application."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from requisitions.models import Requisition
from requisitions.selectors import get_requisition_for_user
from workflows.applications import selectors
from workflows.models import Application


def _board_context(request: HttpRequest, requisition: Requisition) -> dict:
    applications = selectors.pipeline_applications(request.user, requisition)
    by_state: dict[str, list] = {state: [] for state in Application.State.values}
    for app in applications:
        app.requisition = requisition  # the same row: the cards need no query for it
        by_state[app.state].append((app, selectors.move_options(app, request.user)))
    columns = [
        {"state": state, "label": label, "cards": by_state[state]}
        for state, label in Application.State.choices
    ]
    return {"requisition": requisition, "columns": columns, "total": len(applications)}


def render_board(
    request: HttpRequest,
    requisition: Requisition,
    *,
    notice: str = "",
    error: str = "",
    status: int = 200,
):
    """The board alone (an HTMX answer to a move made on it)."""
    context = {**_board_context(request, requisition), "notice": notice, "board_error": error}
    return TemplateResponse(request, "workflows/pipeline.html#board", context, status=status)


@require_http_methods(["GET"])
def pipeline(request: HttpRequest, pk: int):
    requisition = get_requisition_for_user(request.user, pk)
    if request.htmx:
        return render_board(request, requisition)
    return TemplateResponse(
        request, "workflows/pipeline.html", _board_context(request, requisition)
    )
