"""What each person's dashboard shows: what they owe, to whom, and what waits on others.

Reads only, starting from the user; each block costs a fixed number of queries however many
requisitions, applications or tasks there are (the tests pin the counts).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.utils import timezone

from ats.rules import may
from candidates.models import JournalEntry, Mention
from insights.reports import Compliance, ReportFilters, sla_record
from notifications.models import OutboundMessage
from requisitions.models import DUTY_DEFAULT_HOURS, Duty, Requisition, ServiceLevel
from workflows.applications.selectors import visible_applications
from workflows.duties.models import is_overdue
from workflows.models import ACTIVE_STATES, Application, Interview, Task

BOARD_LIMIT = 20
# Each list on the dashboard shows its first rows only, and says how many more there are.
LIST_LIMIT = 15
ACTIVITY_LIMIT = 12
PROBLEMS = [OutboundMessage.Status.FAILED, OutboundMessage.Status.BOUNCED]
COUNTED_STATES = [*ACTIVE_STATES, Application.State.HIRED]
# What a hiring manager's pipeline shows: from the shortlist on.
HM_COUNTED_STATES = [
    Application.State.SHORTLISTED,
    Application.State.INTERVIEWING,
    Application.State.OFFER,
    Application.State.HIRED,
]

# Who owes the next step when no task says so, by the application's state.
NEXT_STEP = {
    Application.State.APPLIED: ("recruiter", "screen the application"),
    Application.State.SCREENING: ("recruiter", "finish screening; shortlist or reject"),
    Application.State.SHORTLISTED: ("hiring manager", "review the shortlist"),
    Application.State.INTERVIEWING: ("interview team", "interviews and feedback"),
    Application.State.OFFER: ("candidate", "answer the offer"),
}


def _hours_subquery(duty: str) -> Subquery:
    return Subquery(
        ServiceLevel.objects.filter(requisition=OuterRef("requisition"), duty=duty).values("hours")[
            :1
        ],
        output_field=IntegerField(),
    )


def _counts_by_requisition(applications: QuerySet[Application], ids: list[int]) -> dict:
    """requisition id → {state: number}, in one GROUP BY query over the given requisitions."""
    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for req_id, state, n in (
        applications.filter(requisition__in=ids)
        .values_list("requisition_id", "state")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[req_id][state] = n
    return counts


def _pipeline_counts(requisitions: list[Requisition], *, viewer=None) -> None:
    """Set `.counts` (state → number), `.active` and `.hired` on each requisition, in one query.

    With `viewer` (the hiring manager's own table), the counts are those of the applications
    the viewer may see, the pipeline's own numbers, and `.not_shared` says how many active
    ones are still with the recruiter (one more query)."""
    ids = [r.pk for r in requisitions]
    counts = _counts_by_requisition(Application.objects.all(), ids)
    shown = counts
    states = COUNTED_STATES
    if viewer is not None:
        shown = _counts_by_requisition(visible_applications(viewer), ids)
        states = HM_COUNTED_STATES
    now = timezone.now()
    for requisition in requisitions:
        by_state = shown[requisition.pk]
        requisition.counts = [
            (state, Application.State(state).label, by_state.get(state, 0)) for state in states
        ]
        requisition.active = sum(by_state.get(state, 0) for state in ACTIVE_STATES)
        requisition.hired = by_state.get(Application.State.HIRED, 0)
        requisition.not_shared = sum(
            counts[requisition.pk].get(state, 0) - by_state.get(state, 0) for state in ACTIVE_STATES
        )
        requisition.days_open = (
            (now - requisition.opened_at).days if requisition.opened_at else None
        )


# --- the recruiter's day ------------------------------------------------------------------------


def recruiter_requisitions(user) -> QuerySet[Requisition]:
    """The requisitions a recruiter runs (an admin without the recruiter role: all of them)."""
    requisitions = Requisition.objects.all()
    if may(user, "requisitions.be_recruiter"):
        requisitions = requisitions.filter(recruiter=user)
    return requisitions


@dataclass
class Capped:
    """The first rows of a list and how many rows the whole list has."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _capped(queryset: QuerySet | None, limit: int = LIST_LIMIT) -> Capped:
    """The first `limit` rows and the total, in two queries however long the list is."""
    if queryset is None:
        return Capped([], 0)
    return Capped(list(queryset[:limit]), queryset.count())


def _open_requisitions(user) -> QuerySet[Requisition]:
    return (
        recruiter_requisitions(user)
        .filter(status__in=[Requisition.Status.OPEN, Requisition.Status.ON_HOLD])
        .select_related("hiring_manager")
        .order_by("opened_at", "pk")
    )


def open_requisitions(user, *, limit: int = LIST_LIMIT) -> list[Requisition]:
    return _with_counts(_capped(_open_requisitions(user), limit)).rows


def _with_counts(capped: Capped, *, viewer=None) -> Capped:
    _pipeline_counts(capped.rows, viewer=viewer)
    return capped


def _open_tasks() -> QuerySet[Task]:
    return Task.objects.filter(completed_at__isnull=True).select_related(
        "requisition", "application__candidate", "owner"
    )


def _my_tasks(user, exclude_kinds=()) -> QuerySet[Task]:
    """`user`'s open duties, the most overdue first (less the kinds shown elsewhere)."""
    tasks = _open_tasks().filter(owner=user).exclude(kind__in=exclude_kinds)
    return tasks.order_by("due_at", "pk")


def my_tasks(user, *, exclude_kinds=(), limit: int = LIST_LIMIT) -> list[Task]:
    return _mark_overdue(list(_my_tasks(user, exclude_kinds)[:limit]))


def waiting_on_hiring_managers(user, *, limit: int = LIST_LIMIT) -> list[Task]:
    tasks = _waiting_on_hiring_managers(user)
    return [] if tasks is None else _mark_overdue(list(tasks[:limit]))


def _waiting_on_hiring_managers(user) -> QuerySet[Task] | None:
    """Open duties of the HMs of the requisitions `user` recruits for (what they wait on).

    Starts from the user's own requisitions (one small query), then reads only those
    requisitions' HM tasks through the open-task index: other recruiters' tasks, however many,
    are never read."""
    by_manager: dict[int, list[int]] = defaultdict(list)
    for req_id, manager_id in (
        recruiter_requisitions(user)
        .exclude(hiring_manager=user)
        .filter(hiring_manager__isnull=False)
        .values_list("pk", "hiring_manager_id")
    ):
        by_manager[manager_id].append(req_id)
    if not by_manager:
        return None
    theirs = Q()
    for manager_id, req_ids in by_manager.items():
        theirs |= Q(owner_id=manager_id, requisition_id__in=req_ids)
    return _open_tasks().filter(theirs).order_by("due_at", "pk")


def _mark_overdue(tasks: list[Task]) -> list[Task]:
    now = timezone.now()
    for task in tasks:
        task.overdue = is_overdue(task.due_at, now=now)
    return tasks


@dataclass
class BoardRow:
    application: Application
    days_since_message: int | None
    owes: str
    next_step: str
    next_due: datetime | None
    overdue: bool
    delivery_problem: str
    answer_owed: bool = False  # they wrote, no answer yet (an open "answer the candidate" duty)
    days_since_reply: int | None = None


def communication_board(user) -> tuple[list[BoardRow], int]:
    """For each active candidate on the user's requisitions: days since the last message to
    them, who owes the next step, the next milestone due, and delivery problems (failed or
    bounced emails). Those who wrote and wait for our answer first, then the longest silence;
    returns (rows, total active)."""
    emails = JournalEntry.objects.filter(
        candidate=OuterRef("candidate"),
        requisition=OuterRef("requisition"),
        kind=JournalEntry.Kind.EMAIL,
    )
    # An answer we owe the candidate (they wrote) comes before any other next step.
    next_task = Task.objects.filter(application=OuterRef("pk"), completed_at__isnull=True).order_by(
        Case(When(kind=Task.Kind.CANDIDATE_REPLY, then=0), default=1), "due_at", "pk"
    )
    replies = JournalEntry.objects.filter(
        candidate=OuterRef("candidate"),
        requisition=OuterRef("requisition"),
        kind=JournalEntry.Kind.REPLY,
    )
    owed = Task.objects.filter(
        application=OuterRef("pk"), completed_at__isnull=True, kind=Task.Kind.CANDIDATE_REPLY
    )
    applications = (
        Application.objects.filter(
            requisition__in=recruiter_requisitions(user), state__in=ACTIVE_STATES
        )
        .annotate(
            last_message_at=Subquery(emails.order_by("-created_at").values("created_at")[:1]),
            next_task_title=Subquery(next_task.values("title")[:1]),
            next_task_due=Subquery(next_task.values("due_at")[:1]),
            next_task_owner=Subquery(next_task.values("owner__first_name")[:1]),
            next_task_owner_username=Subquery(next_task.values("owner__username")[:1]),
            answer_owed=Exists(owed),
            last_reply_at=Subquery(replies.order_by("-created_at").values("created_at")[:1]),
            bounced=Exists(emails.filter(message__status=OutboundMessage.Status.BOUNCED)),
            failed=Exists(emails.filter(message__status=OutboundMessage.Status.FAILED)),
            review_hours=_hours_subquery(Duty.SHORTLIST_REVIEW),
            update_hours=_hours_subquery(Duty.CANDIDATE_UPDATE),
        )
        .select_related("candidate", "requisition")
        .order_by(
            F("answer_owed").desc(),
            F("last_message_at").asc(nulls_first=True),
            "state_changed_at",
            "pk",
        )
    )
    total = applications.count()
    now = timezone.now()
    rows = []
    for app in applications[:BOARD_LIMIT]:
        if app.next_task_title:
            owes = app.next_task_owner or app.next_task_owner_username
            step, due = app.next_task_title, app.next_task_due
        else:
            owes, step = NEXT_STEP[app.state]
            due = _milestone_due(app)
        problem = "bounced" if app.bounced else "failed to send" if app.failed else ""
        rows.append(
            BoardRow(
                application=app,
                days_since_message=(now - app.last_message_at).days
                if app.last_message_at
                else None,
                owes=owes,
                next_step=step,
                next_due=due,
                overdue=bool(due and is_overdue(due, now=now)),
                delivery_problem=problem,
                answer_owed=app.answer_owed,
                days_since_reply=(now - app.last_reply_at).days if app.last_reply_at else None,
            )
        )
    return rows, total


def _milestone_due(app: Application) -> datetime | None:
    """When the next step is due by the agreed SLAs (the defaults when none were agreed)."""
    if app.state == Application.State.SHORTLISTED:
        hours = app.review_hours or DUTY_DEFAULT_HOURS[Duty.SHORTLIST_REVIEW]
        return app.state_changed_at + timedelta(hours=hours)
    if app.state in (Application.State.APPLIED, Application.State.SCREENING):
        # The candidate update cadence: they hear from us at least this often.
        hours = app.update_hours or DUTY_DEFAULT_HOURS[Duty.CANDIDATE_UPDATE]
        start = max(filter(None, [app.state_changed_at, app.last_message_at]))
        return start + timedelta(hours=hours)
    return None


def my_mentions(user, *, limit: int = 10) -> list[Mention]:
    """The notes that @mentioned `user`, latest first."""
    return list(
        Mention.objects.filter(user=user)
        .select_related("entry__candidate", "entry__actor")
        .order_by("-created_at", "-id")[:limit]
    )


def delivery_problems(user) -> list[JournalEntry]:
    """Emails to candidates of the user's requisitions that failed or bounced, latest first."""
    return list(
        JournalEntry.objects.filter(
            requisition__in=recruiter_requisitions(user),
            kind=JournalEntry.Kind.EMAIL,
            message__status__in=PROBLEMS,
        )
        .select_related("candidate", "requisition", "message")
        .order_by("-created_at", "-pk")[:10]
    )


def recent_activity(user) -> list[JournalEntry]:
    return list(
        JournalEntry.objects.filter(requisition__in=recruiter_requisitions(user))
        .select_related("candidate", "requisition", "actor", "message")
        .order_by("-created_at", "-pk")[:ACTIVITY_LIMIT]
    )


# --- the hiring manager's day -------------------------------------------------------------------


def _shortlists_to_review(user) -> QuerySet[Application]:
    return (
        Application.objects.filter(
            requisition__hiring_manager=user, state=Application.State.SHORTLISTED
        )
        .annotate(review_hours=_hours_subquery(Duty.SHORTLIST_REVIEW))
        .select_related("candidate", "requisition", "screening")
        .order_by("state_changed_at", "pk")
    )


def shortlists_to_review(user, *, limit: int = LIST_LIMIT) -> list[Application]:
    """Shortlisted candidates waiting for this HM, each with its SLA clock (`due_at`, `overdue`)."""
    return _clock(list(_shortlists_to_review(user)[:limit]))


def _clock(applications: list[Application]) -> list[Application]:
    now = timezone.now()
    for app in applications:
        hours = app.review_hours or DUTY_DEFAULT_HOURS[Duty.SHORTLIST_REVIEW]
        app.due_at = app.state_changed_at + timedelta(hours=hours)
        app.overdue = is_overdue(app.due_at, now=now)
        app.hours_left = round((app.due_at - now).total_seconds() / 3600)
        app.hours_over = -app.hours_left
    return applications


def _feedback_owed(user) -> QuerySet[Task]:
    return _open_tasks().filter(owner=user, kind=Task.Kind.FEEDBACK).order_by("due_at", "pk")


def feedback_owed(user, *, limit: int = LIST_LIMIT) -> list[Task]:
    """Interview feedback `user` owes (feedback tasks), the most overdue first."""
    return _mark_overdue(list(_feedback_owed(user)[:limit]))


def upcoming_interviews(user) -> list[Interview]:
    """The interviews `user` sits on from now on (scheduled), soonest first."""
    return list(
        Interview.objects.filter(
            panelists__user=user,
            status=Interview.Status.SCHEDULED,
            starts_at__gte=timezone.now(),
        )
        .select_related("stage", "application__candidate", "application__requisition")
        .order_by("starts_at", "pk")[:ACTIVITY_LIMIT]
    )


def managed_requisitions(user, *, limit: int = LIST_LIMIT) -> list[Requisition]:
    return _with_counts(_capped(_managed_requisitions(user), limit), viewer=user).rows


def _managed_requisitions(user) -> QuerySet[Requisition]:
    return (
        Requisition.objects.filter(
            hiring_manager=user,
            status__in=[
                Requisition.Status.DRAFT,
                Requisition.Status.OPEN,
                Requisition.Status.ON_HOLD,
            ],
        )
        .select_related("recruiter")
        .order_by("status", "opened_at", "pk")
    )


def my_sla_record(user, window: ReportFilters) -> Compliance:
    """The user's line of the hiring agreement report, over the reports' default window."""
    return sla_record(user, window)


# --- the page -------------------------------------------------------------------------------------


def _put(context: dict, key: str, capped: Capped) -> None:
    """`key`: the rows shown; `key_total` and `key_more`: how many in all, how many not shown."""
    context[key] = capped.rows
    context[f"{key}_total"] = capped.total
    context[f"{key}_more"] = capped.more


def _recruiter_part(user, context: dict) -> None:
    board, board_total = communication_board(user)
    _put(context, "requisitions", _with_counts(_capped(_open_requisitions(user))))
    waiting = _capped(_waiting_on_hiring_managers(user))
    _mark_overdue(waiting.rows)
    _put(context, "waiting_on", waiting)
    context.update(
        mentions=my_mentions(user),
        board=board,
        board_total=board_total,
        delivery_problems=delivery_problems(user),
        activity=recent_activity(user),
    )


def _hm_part(user, context: dict) -> None:
    sla_window = ReportFilters.default()
    to_review = _capped(_shortlists_to_review(user))
    _clock(to_review.rows)
    _put(context, "to_review", to_review)
    feedback = _capped(_feedback_owed(user))
    _mark_overdue(feedback.rows)
    _put(context, "feedback", feedback)
    _put(context, "managed", _with_counts(_capped(_managed_requisitions(user)), viewer=user))
    context.update(
        interviews=upcoming_interviews(user),
        sla=my_sla_record(user, sla_window),
        sla_window=sla_window,
    )


def dashboard_context(user) -> dict:
    """Everything the dashboard shows for `user`: a recruiter part, an HM part, or both.

    Each list shows its first LIST_LIMIT rows and says how many more there are, so the page
    costs the same however many tasks, shortlists or requisitions the user has."""
    show_recruiter = may(user, "insights.view_recruiter_dashboard")
    show_hm = may(user, "insights.view_hm_dashboard")
    context: dict = {"show_recruiter": show_recruiter, "show_hm": show_hm}
    # A hiring manager's reviews and feedback have their own blocks below.
    exclude = [Task.Kind.REVIEW, Task.Kind.FEEDBACK] if show_hm else []
    mine = _capped(_my_tasks(user, exclude) if show_recruiter or show_hm else None)
    _mark_overdue(mine.rows)
    _put(context, "my_tasks", mine)
    if show_recruiter:
        _recruiter_part(user, context)
    if show_hm:
        _hm_part(user, context)
    return context
