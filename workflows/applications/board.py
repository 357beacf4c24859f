"""What the pipeline board shows: its columns and what each card says, worked out once in Python
so the template only places it (a board renders up to 125 cards; see views_pipeline)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.urls import reverse
from django.utils.timesince import timesince, timeuntil

from workflows.applications.selectors import MoveOption
from workflows.models import ACTIVE_STATES, Application

CLOSED_STATES = tuple(state for state in Application.State.values if state not in ACTIVE_STATES)
STATE_LABELS = dict(Application.State.choices)
_PK_MARK = 2147483647  # stands for the pk in a URL reversed once for many cards


@dataclass(frozen=True)
class CardMove:
    """One move on a card: a one-click button (no `href`), a link to the move page for a move
    that needs input, or a disabled button with why (`blocked`) and, for an admin, an override
    link (`href`)."""

    name: str
    label: str
    href: str = ""
    blocked: str = ""


@dataclass(frozen=True)
class Card:
    pk: int
    state: str
    name: str
    url: str
    move_url: str
    headline: str  # current title (at company)
    place: str  # location · source
    due: str  # the earliest open task's deadline, in words
    overdue: bool
    stage_days: str
    screening: str
    moves: list[CardMove]


@dataclass
class Column:
    state: str
    count: int
    cards: list[Card] = field(default_factory=list)
    start: int = 0  # the cards of this column already on the page before these
    opened: bool = True

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def shown(self) -> int:
        return self.start + len(self.cards)

    @property
    def remaining(self) -> int:
        return max(self.count - self.shown, 0)


def pk_url(name: str) -> Callable[[int], str]:
    """`pk -> reverse(name, args=[pk])` for every card, at the cost of one reversal."""
    return reverse(name, args=[_PK_MARK]).replace(str(_PK_MARK), "{}", 1).format


def _moves(options: list[MoveOption], move_url: str, next_query: str) -> list[CardMove]:
    moves = []
    for option in options:
        href = f"{move_url}?transition={option.name}&{next_query}"
        if option.blocked:
            override = href if option.can_override else ""
            moves.append(
                CardMove(option.name, option.move.label, override, " ".join(option.blocked))
            )
        elif option.move.needs_input:
            moves.append(CardMove(option.name, f"{option.move.label}…", href))
        else:
            moves.append(CardMove(option.name, option.move.label))
    return moves


def _screening(app: Application) -> str:
    screening = getattr(app, "screening", None)
    if screening is not None and screening.rating:
        return f"screening {screening.rating}/5"
    return "screened" if app.screening_completed else "not screened"


def card_build(
    app: Application,
    options: list[MoveOption],
    *,
    url: str,
    move_url: str,
    next_query: str,
    now: datetime,
) -> Card:
    """What the card of `app` says, with the moves `options` offers."""
    person = app.candidate
    headline = person.current_title
    if headline and person.current_company:
        headline = f"{headline} at {person.current_company}"
    place = f"{person.location} · {app.source_label}" if person.location else app.source_label
    overdue = app.sla_due is not None and app.sla_due <= now
    if app.sla_due is None:
        due = ""
    elif overdue:
        due = f"overdue {timesince(app.sla_due, now)}"
    else:
        due = f"due in {timeuntil(app.sla_due, now)}"
    days = app.days_in_stage
    return Card(
        pk=app.pk,
        state=app.state,
        name=person.full_name,
        url=url,
        move_url=move_url,
        headline=headline,
        place=place,
        due=due,
        overdue=overdue,
        stage_days=f"{days} day{'' if days == 1 else 's'} in stage",
        screening=_screening(app),
        moves=_moves(options, move_url, next_query),
    )
