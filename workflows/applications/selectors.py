"""Reads of applications, always starting from the user (DESIGN.md, "who sees what").

Recruiters and admins see every application; a hiring manager only those on their requisitions
that reached `shortlisted` at some point (including ones later declined or rejected); anyone else
none. Outsiders get 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.shortcuts import get_object_or_404

from ats.rules import may
from candidates.models import JournalEntry
from requisitions.models import Criterion, Requisition
from workflows.applications import guards
from workflows.applications.moves import MOVES, Move
from workflows.interviews.selectors import scorecards_hidden
from workflows.models import (
    Application,
    ApplicationQuerySet,
    ApplicationTransition,
    Interview,
    InterviewPanelist,
    ScreeningAnswer,
    ScreeningQuestion,
    Task,
    interviews_outstanding_attach,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def visible_applications(user: User | AnonymousUser) -> ApplicationQuerySet:
    if may(user, "workflows.view_all_applications"):
        return Application.objects.all()
    if not user.is_authenticated:
        return Application.objects.none()
    # Anyone on an interview of an application sees that application (DESIGN: "the one being
    # interviewed"); a hiring manager also sees their requisitions' from `shortlisted` on.
    interviews_it = Exists(
        InterviewPanelist.objects.filter(
            interview__application=OuterRef("pk"),
            user=user,
            interview__status__in=[Interview.Status.SCHEDULED, Interview.Status.COMPLETED],
        )
    )
    if may(user, "workflows.view_shortlisted_applications"):
        reached_shortlist = Exists(
            ApplicationTransition.objects.filter(
                application=OuterRef("pk"), to_state=Application.State.SHORTLISTED
            )
        )
        return Application.objects.filter(
            (Q(requisition__hiring_manager=user) & reached_shortlist) | interviews_it
        )
    return Application.objects.filter(interviews_it)


def sees_whole_application(user: User | AnonymousUser, application: Application) -> bool:
    """Recruiters, admins and the requisition's HM see the journal, moves and offers; someone who
    only interviews the candidate sees the application and their interviews, nothing more."""
    return may(user, "workflows.view_whole_application", application)


def get_application_for_user(user: User | AnonymousUser, pk: int) -> Application:
    """The application `pk` if `user` may see it (with what its pages show); 404 otherwise."""
    return get_object_or_404(
        visible_applications(user)
        .with_guard_facts()
        .select_related("candidate", "requisition", "disposition_reason"),
        pk=pk,
    )


# --- the pipeline: a column per state, the most urgent cards first -----------------------------

PIPELINE_PAGE = 25  # the cards a column shows at first, and each "show more" adds

# What a card shows, and nothing else (never the resume text, search vector or term weights).
PIPELINE_CARD_FIELDS = (
    "state",
    "state_changed_at",
    "source",
    "requisition_id",
    "candidate__first_name",
    "candidate__last_name",
    "candidate__current_title",
    "candidate__current_company",
    "candidate__location",
    "screening__rating",
)

# Most urgent first: the earliest open task's deadline (overdue ones first), then the longest
# waiting in the stage.
PIPELINE_URGENCY = (
    F("sla_due").asc(nulls_last=True),
    F("state_changed_at").asc(),
    F("id").asc(),
)


def pipeline_counts(user, requisition: Requisition) -> dict[str, int]:
    """How many applications of `requisition` `user` sees in each state: one grouped query."""
    counts = dict.fromkeys(Application.State.values, 0)
    rows = (
        visible_applications(user)
        .filter(requisition=requisition)
        .order_by()
        .values_list("state")
        .annotate(count=Count("pk"))
    )
    counts.update(dict(rows))
    return counts


def pipeline_cards(
    user, requisition: Requisition, *, ranges: dict[str, tuple[int, int]]
) -> dict[str, list[Application]]:
    """The cards of each state in `ranges` (state -> [start, stop) in urgency order) that `user`
    may see, with what the cards show and the guards read.

    One query whatever the number of applications and columns (each row's place in its column is
    a window function); three more for the interviews the guards need.
    """
    cards: dict[str, list[Application]] = {state: [] for state in ranges}
    in_range = reduce(
        or_,
        (
            Q(state=state, place__gt=start, place__lte=stop)
            for state, (start, stop) in ranges.items()
        ),
    )
    open_tasks = Task.objects.open().filter(application=OuterRef("pk")).order_by("due_at")
    applications = list(
        visible_applications(user)
        .filter(requisition=requisition, state__in=list(ranges))
        .with_guard_facts()
        .annotate(sla_due=Subquery(open_tasks.values("due_at")[:1]))
        .annotate(place=Window(RowNumber(), partition_by=F("state"), order_by=PIPELINE_URGENCY))
        .filter(in_range)
        .select_related("candidate", "screening")
        .only(*PIPELINE_CARD_FIELDS)
        .order_by("state", "place")
    )
    for app in applications:
        app.requisition = requisition  # the same row: the cards need no query for it
        cards[app.state].append(app)
    interviews_outstanding_attach(applications, requisition=requisition)
    return cards


def review_applications(user: User | AnonymousUser) -> QuerySet[Application]:
    """The shortlisted candidates waiting for this hiring manager's decision."""
    return (
        visible_applications(user)
        .filter(requisition__hiring_manager=user, state=Application.State.SHORTLISTED)
        .with_guard_facts()
        .select_related("candidate", "requisition", "screening")
        .prefetch_related(
            Prefetch(
                "screening__answers",
                queryset=ScreeningAnswer.objects.select_related("question"),
            )
        )
        .order_by("requisition__title", "requisition_id", "state_changed_at", "id")
    )


def screening_questions(requisition: Requisition) -> list[ScreeningQuestion]:
    """The requisition's screening questions as the form shows them, without writing: a
    must-have added since screening began appears as its default question, saved only when the
    form is submitted (`screening_questions_ensure`)."""
    saved = list(
        ScreeningQuestion.objects.filter(requisition=requisition).select_related("criterion")
    )
    rated = {question.criterion_id for question in saved if question.criterion_id}
    missing = [
        ScreeningQuestion.default_for(criterion)
        for criterion in Criterion.objects.filter(
            requisition=requisition, kind=Criterion.Kind.MUST_HAVE
        ).exclude(pk__in=rated)
    ]
    return sorted(
        saved + missing,
        key=lambda question: (question.order, question.pk is None, question.pk or 0),
    )


def must_haves_by_requisition(requisition_ids) -> dict[int, list[Criterion]]:
    result: dict[int, list[Criterion]] = {pk: [] for pk in requisition_ids}
    for criterion in Criterion.objects.filter(
        requisition_id__in=list(requisition_ids), kind=Criterion.Kind.MUST_HAVE
    ):
        result[criterion.requisition_id].append(criterion)
    return result


def application_history(application: Application) -> list[ApplicationTransition]:
    return list(application.transitions.select_related("by", "reason"))


def application_journal(user: User, application: Application) -> QuerySet[JournalEntry]:
    """The journal entries about this candidate on this requisition that `user` may read (fetch
    `application` through `get_application_for_user` first: that is the access check).

    Survey answers (which rate the hiring manager) are for recruiters and admins only; while the
    interviews table hides the others' scorecards from `user`, so does the journal (the others'
    feedback entries)."""
    entries = JournalEntry.objects.filter(
        candidate_id=application.candidate_id, requisition_id=application.requisition_id
    ).select_related("actor")
    if may(user, "workflows.read_whole_journal"):
        return entries
    entries = entries.exclude(kind=JournalEntry.Kind.SURVEY)
    if application.pk in scorecards_hidden(user, [application.pk]):
        entries = entries.exclude(Q(kind=JournalEntry.Kind.FEEDBACK) & ~Q(actor=user))
    return entries


# --- the moves a user may make on an application ---------------------------------------------


@dataclass
class MoveOption:
    move: Move
    blocked: list[str] = field(default_factory=list)
    can_override: bool = False

    @property
    def name(self) -> str:
        return self.move.name


def move_options(application: Application, user: User | AnonymousUser) -> list[MoveOption]:
    """The moves possible from the application's state that `user` may make, in process order,
    each with the reasons it is blocked now (process guards; inputs are asked by the form)."""
    state = application.state
    can_override = may(user, "workflows.override_guard")
    options = []
    for name, move in MOVES.items():
        fsm_transition = getattr(Application, name)._django_fsm.get_transition(state)
        if fsm_transition is None or not fsm_transition.has_perm(application, user):
            continue
        blocked = [
            why
            for condition in fsm_transition.conditions
            if isinstance(condition, guards.ProcessGuard) and (why := condition.check(application))
        ]
        options.append(
            MoveOption(move=move, blocked=blocked, can_override=bool(blocked) and can_override)
        )
    return options


# --- tasks ---------------------------------------------------------------------------------


def open_tasks(user: User | AnonymousUser) -> QuerySet[Task]:
    """`user`'s open tasks, overdue (earliest due) first, with what the list shows."""
    return (
        Task.objects.open()
        .filter(owner=user)
        .select_related("requisition", "application__candidate")
        .order_by("due_at", "id")
    )


def get_open_task_for_owner(user: User | AnonymousUser, pk: int) -> Task:
    return get_object_or_404(Task.objects.open().filter(owner=user), pk=pk)
