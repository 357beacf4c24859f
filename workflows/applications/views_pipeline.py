"""The pipeline of one requisition: a column per state, the most urgent cards first.

A column shows its first `PIPELINE_PAGE` cards and its exact count. "Show more"
(`?stage=applied&after=25`) answers HTMX with the next cards of that column, and a plain request
with the whole page, that column showing through them. Closed columns (hired, rejected,
withdrawn) show their count until opened. A card has no form of its own: its one-click moves
submit its column's form (`form=` and `formaction=` on the button); moves that need input link to
the move page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ats.rules import may
from requisitions.models import Requisition
from requisitions.selectors import get_requisition_for_user
from workflows.applications import selectors
from workflows.applications.board import STATE_LABELS, Card, Column, card_build, pk_url
from workflows.applications.selectors import PIPELINE_PAGE
from workflows.models import ACTIVE_STATES, Application


class BadColumn(ValueError):
    """`?stage=` or `?after=` that the board cannot show (the message says why)."""


def _cards(request: HttpRequest, applications: list[Application], common: dict) -> list[Card]:
    detail_url = pk_url("workflows:application-detail")
    move_url = pk_url("workflows:application-move")
    return [
        card_build(
            app,
            selectors.move_options(app, request.user),
            url=detail_url(app.pk),
            move_url=move_url(app.pk),
            next_query=common["next_query"],
            now=common["now"],
        )
        for app in applications
    ]


def _column_asked(request: HttpRequest) -> tuple[str | None, int]:
    """The column `?stage=` asks to show more of, and how many of its cards are shown already."""
    stage = request.GET.get("stage")
    if stage is None:
        return None, 0
    if stage not in STATE_LABELS:
        raise BadColumn(f"There is no “{stage}” column on this board; pick one below.")
    after = request.GET.get("after", "0")
    if not (after.isdigit() and len(after) <= 6):
        raise BadColumn("“after” must be the number of cards already shown (0 or more).")
    return stage, int(after)


def _common(request: HttpRequest, requisition: Requisition) -> dict:
    url = reverse("workflows:pipeline", args=[requisition.pk])
    return {
        "requisition": requisition,
        "pipeline_url": url,
        "next_query": urlencode({"next": url}, safe="/"),  # a path needs no escaping in a query
        "now": timezone.now(),
        "may_bulk": may(request.user, "workflows.move_application"),  # the bulk bar's checkboxes
    }


def _board_context(
    request: HttpRequest, requisition: Requisition, *, stage: str | None = None, after: int = 0
) -> dict:
    """Every column with its count; the open ones with their first cards, `stage` through
    `after` more (the page without JavaScript after "show more", or a closed column opened)."""
    common = _common(request, requisition)
    counts = selectors.pipeline_counts(request.user, requisition)
    ranges = {state: (0, PIPELINE_PAGE) for state in ACTIVE_STATES}
    if stage:
        ranges[stage] = (0, after + PIPELINE_PAGE)
    cards = selectors.pipeline_cards(request.user, requisition, ranges=ranges)
    columns = [
        Column(
            state=state,
            count=counts[state],
            cards=_cards(request, cards.get(state, []), common),
            opened=state in ranges,
        )
        for state in Application.State.values
    ]
    return {**common, "columns": columns, "total": sum(counts.values())}


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


def _more_cards(request: HttpRequest, requisition: Requisition, stage: str, after: int):
    """The next cards of one column after the `after` shown (an HTMX "show more")."""
    common = _common(request, requisition)
    count = selectors.pipeline_counts(request.user, requisition)[stage]
    cards = selectors.pipeline_cards(
        request.user, requisition, ranges={stage: (after, after + PIPELINE_PAGE)}
    )[stage]
    column = Column(state=stage, count=count, cards=_cards(request, cards, common), start=after)
    return TemplateResponse(
        request, "workflows/pipeline.html#column-cards", {**common, "column": column}
    )


@require_http_methods(["GET"])
def pipeline(request: HttpRequest, pk: int):
    requisition = get_requisition_for_user(request.user, pk)
    try:
        stage, after = _column_asked(request)
    except BadColumn as error:
        if request.htmx:  # in place of the "show more" link that asked
            context = {"board_error": str(error)}
            return TemplateResponse(
                request, "workflows/pipeline.html#column-error", context, status=400
            )
        context = {**_board_context(request, requisition), "board_error": str(error)}
        return TemplateResponse(request, "workflows/pipeline.html", context, status=400)
    if request.htmx and stage:
        return _more_cards(request, requisition, stage, after)
    if request.htmx:
        return render_board(request, requisition)
    return TemplateResponse(
        request,
        "workflows/pipeline.html",
        _board_context(request, requisition, stage=stage, after=after),
    )
