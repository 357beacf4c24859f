"""Reads of interviews, scorecards, offers and the comparison, always starting from the user.

Who sees what (DESIGN.md): recruiters and admins every interview; a hiring manager those of
their requisitions; anyone else the interviews they are on. Someone who interviews a candidate
sees the other interviewers' scorecards for that candidate only once they submitted their own.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ats.rules import may
from requisitions.models import Criterion, Requisition
from workflows.models import (
    Application,
    Interview,
    InterviewPanelist,
    Offer,
    Scorecard,
    ScorecardRating,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

ACTIVE = [Interview.Status.SCHEDULED, Interview.Status.COMPLETED]


def visible_interviews(user: User | AnonymousUser) -> QuerySet[Interview]:
    if may(user, "workflows.view_all_interviews"):
        return Interview.objects.all()
    if not user.is_authenticated:
        return Interview.objects.none()
    # A panelist's access ends when the interview is cancelled or the candidate did not show.
    on_it = Q(status__in=ACTIVE) & Exists(
        InterviewPanelist.objects.filter(interview=OuterRef("pk"), user=user)
    )
    if may(user, "workflows.view_own_requisitions_interviews"):
        return Interview.objects.filter(Q(application__requisition__hiring_manager=user) | on_it)
    return Interview.objects.filter(on_it)


def get_interview_for_user(user: User | AnonymousUser, pk: int) -> Interview:
    """The interview `pk` if `user` may see it (with what its pages show); 404 otherwise."""
    return get_object_or_404(
        visible_interviews(user).select_related(
            "stage",
            "application__candidate",
            "application__requisition__hiring_manager",
            "application__requisition__recruiter",
        ),
        pk=pk,
    )


def manages_interviews(user: User | AnonymousUser) -> bool:
    """Recruiters (and admins) schedule, move, cancel and mark interviews."""
    return may(user, "workflows.manage_interviews")


def scorecards_hidden(user: User, application_ids) -> set[int]:
    """The applications whose other scorecards `user` may not see yet: they interview that
    candidate and have not submitted their own scorecard for every one of those interviews, or
    they were on its panel (even of a cancelled or no-show interview) and submitted none."""
    ids = list(application_ids)
    mine = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=user, is_current=True
    )
    pending = (
        InterviewPanelist.objects.filter(
            user=user, interview__application_id__in=ids, interview__status__in=ACTIVE
        )
        .annotate(submitted=Exists(mine))
        .filter(submitted=False)
    )
    none_of_mine = InterviewPanelist.objects.filter(
        user=user, interview__application_id__in=ids
    ).exclude(
        interview__application_id__in=Scorecard.objects.filter(
            interviewer=user, is_current=True, interview__application_id__in=ids
        ).values("interview__application_id")
    )
    return set(pending.values_list("interview__application_id", flat=True)) | set(
        none_of_mine.values_list("interview__application_id", flat=True)
    )


def _current_scorecards() -> Prefetch:
    return Prefetch(
        "scorecards",
        queryset=Scorecard.objects.filter(is_current=True)
        .select_related("interviewer")
        .prefetch_related(
            Prefetch("ratings", queryset=ScorecardRating.objects.select_related("criterion"))
        ),
        to_attr="current_scorecards",
    )


@dataclass
class InterviewRow:
    interview: Interview
    panel: list
    scorecards: list[Scorecard]
    submitted_by: set[int]
    is_mine: bool
    my_scorecard: Scorecard | None


def application_interviews(user: User, application: Application) -> tuple[list[InterviewRow], bool]:
    """The interviews of `application` that `user` may see, with the scorecards they may read,
    and whether the others' scorecards are hidden from them (constant queries)."""
    interviews = (
        visible_interviews(user)
        .filter(application=application)
        .select_related("stage")
        .prefetch_related(
            Prefetch("panelists", queryset=InterviewPanelist.objects.select_related("user")),
            _current_scorecards(),
        )
        .order_by("starts_at", "id")
    )
    hidden = application.pk in scorecards_hidden(user, [application.pk])
    rows = []
    for interview in interviews:
        panel = [panelist.user for panelist in interview.panelists.all()]
        # Set by the Prefetch(to_attr=) of _current_scorecards().
        cards: list[Scorecard] = interview.current_scorecards  # type: ignore[attr-defined]
        mine = next((card for card in cards if card.interviewer_id == user.pk), None)
        rows.append(
            InterviewRow(
                interview=interview,
                panel=panel,
                scorecards=[mine] if hidden and mine else ([] if hidden else cards),
                submitted_by={card.interviewer_id for card in cards},
                is_mine=any(person.pk == user.pk for person in panel),
                my_scorecard=mine,
            )
        )
    return rows, hidden


def interview_scorecards(user: User, interview: Interview) -> tuple[Scorecard | None, list, bool]:
    """(`user`'s current scorecard, the others' they may read, whether those are hidden)."""
    cards = list(
        Scorecard.objects.filter(interview=interview, is_current=True)
        .select_related("interviewer")
        .prefetch_related(
            Prefetch("ratings", queryset=ScorecardRating.objects.select_related("criterion"))
        )
    )
    mine = next((card for card in cards if card.interviewer_id == user.pk), None)
    hidden = interview.application_id in scorecards_hidden(user, [interview.application_id])
    others = [] if hidden else [card for card in cards if card.interviewer_id != user.pk]
    return mine, others, hidden


def is_panelist(user: User, interview: Interview) -> bool:
    return InterviewPanelist.objects.filter(interview=interview, user=user).exists()


def my_interviews(user: User) -> list[Interview]:
    """The interviews `user` is on, upcoming first, each with `my_scorecard_submitted`."""
    return list(
        Interview.objects.filter(panelists__user=user)
        .select_related("stage", "application__candidate", "application__requisition")
        .annotate(
            my_scorecard_submitted=Exists(
                Scorecard.objects.filter(
                    interview=OuterRef("pk"), interviewer=user, is_current=True
                )
            )
        )
        .order_by("-starts_at", "-id")
    )


# --- offers ------------------------------------------------------------------------------------


def visible_offers(user: User | AnonymousUser) -> QuerySet[Offer]:
    """Recruiters and admins see every offer; a hiring manager those of their requisitions;
    interviewers none."""
    if may(user, "workflows.view_all_offers"):
        return Offer.objects.all()
    if may(user, "workflows.view_own_requisitions_offers"):
        return Offer.objects.filter(application__requisition__hiring_manager=user)
    return Offer.objects.none()


def get_offer_for_user(user: User | AnonymousUser, pk: int) -> Offer:
    return get_object_or_404(
        visible_offers(user).select_related(
            "application__candidate", "application__requisition", "decline_reason"
        ),
        pk=pk,
    )


def application_offers(user: User | AnonymousUser, application: Application) -> list[Offer]:
    return list(
        visible_offers(user)
        .filter(application=application)
        .select_related("application", "decline_reason", "approved_by", "created_by")
    )


# --- the comparison ----------------------------------------------------------------------------

COMPARED_STATES = [
    Application.State.SHORTLISTED,
    Application.State.INTERVIEWING,
    Application.State.OFFER,
    Application.State.HIRED,
]


@dataclass
class Cell:
    ratings: list[int] = field(default_factory=list)

    @property
    def average(self) -> float | None:
        return round(statistics.fmean(self.ratings), 2) if self.ratings else None

    @property
    def spread(self) -> int | None:
        return max(self.ratings) - min(self.ratings) if self.ratings else None

    @property
    def labels(self) -> list[str]:
        return [ScorecardRating.Rating(value).label for value in self.ratings]


@dataclass
class ComparisonRow:
    application: Application
    cells: list[Cell]
    overall: Cell
    recommendations: list[str]
    scorecards: int
    hidden: bool


@dataclass
class Comparison:
    criteria: list[Criterion]
    rows: list[ComparisonRow]
    sort: str
    sort_options: list[tuple[str, str]]


def _current_ratings(ids: list[int]) -> dict[tuple[int, int], list[int]]:
    """(application, criterion) → the ratings of the held interviews' current scorecards."""
    ratings: dict[tuple[int, int], list[int]] = {}
    for app_id, criterion_id, value in ScorecardRating.objects.filter(
        scorecard__interview__application_id__in=ids,
        scorecard__is_current=True,
        scorecard__interview__status=Interview.Status.COMPLETED,
    ).values_list("scorecard__interview__application_id", "criterion_id", "rating"):
        ratings.setdefault((app_id, criterion_id), []).append(value)
    return ratings


def _current_recommendations(ids: list[int]) -> dict[int, list[str]]:
    """application → the recommendations of its held interviews' current scorecards, best first."""
    recommendations: dict[int, list[str]] = {}
    labels = dict(Scorecard.Recommendation.choices)
    for app_id, recommendation in (
        Scorecard.objects.filter(
            interview__application_id__in=ids,
            is_current=True,
            interview__status=Interview.Status.COMPLETED,
        )
        .order_by("-recommendation")
        .values_list("interview__application_id", "recommendation")
    ):
        recommendations.setdefault(app_id, []).append(labels[recommendation])
    return recommendations


def _sorted_rows(rows: list[ComparisonRow], criteria: list, sort: str) -> list[ComparisonRow]:
    """`rows` in the order `sort` names ("name" keeps the query's alphabetical order)."""
    if sort == "name":
        return rows
    index = None if sort == "overall" else [f"c{c.pk}" for c in criteria].index(sort)

    def key(row: ComparisonRow):
        cell = row.overall if index is None else row.cells[index]
        return (cell.average is None, -(cell.average or 0))

    return sorted(rows, key=key)


def comparison(user: User, requisition: Requisition, *, sort: str = "") -> Comparison:
    """Shortlisted-and-later candidates x criteria (must-haves first): each cell the ratings of
    the current scorecards with their average and spread. Five queries whatever the size.

    `sort`: "name", "overall" (the default, best first) or "c<criterion id>" (best first).
    Candidates whose scorecards `user` may not see yet show no numbers and sort last.
    """
    criteria = sorted(
        Criterion.objects.filter(requisition=requisition),
        key=lambda c: (c.kind != Criterion.Kind.MUST_HAVE, c.order, c.pk),
    )
    applications = list(
        Application.objects.filter(requisition=requisition, state__in=COMPARED_STATES)
        .select_related("candidate")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    ids = [app.pk for app in applications]
    hidden = scorecards_hidden(user, ids)
    ratings = _current_ratings(ids)
    recommendations = _current_recommendations(ids)
    rows = []
    for app in applications:
        is_hidden = app.pk in hidden
        cells = [
            Cell([] if is_hidden else ratings.get((app.pk, criterion.pk), []))
            for criterion in criteria
        ]
        rows.append(
            ComparisonRow(
                application=app,
                cells=cells,
                overall=Cell([value for cell in cells for value in cell.ratings]),
                recommendations=[] if is_hidden else recommendations.get(app.pk, []),
                scorecards=0 if is_hidden else len(recommendations.get(app.pk, [])),
                hidden=is_hidden,
            )
        )
    sort_options = [("overall", "Overall average"), ("name", "Name")] + [
        (f"c{criterion.pk}", criterion.name) for criterion in criteria
    ]
    if sort not in dict(sort_options):
        sort = "overall"
    rows = _sorted_rows(rows, criteria, sort)
    return Comparison(criteria=criteria, rows=rows, sort=sort, sort_options=sort_options)
