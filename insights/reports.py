"""The reports: every number computed here from the transition log, the tasks and the journal.

Nothing is stored by hand. Each report function takes the requisitions in scope (already
filtered for the user and the department, see `report_requisitions`) and the date range, and
returns a `Report`: a headline, the table behind the chart, and the chart itself. The page, the
CSV export and the tests all read the same `Report.table`, so the CSV carries the same numbers
the page shows. Each report costs a fixed number of queries whatever the amount of data.

Conventions:
- A duration in days is (end - start) in seconds / 86,400, rounded to one decimal.
- The median is the statistics module's; p90 is the nearest-rank 90th percentile.
- A date range covers whole days: from `start` 00:00 to the end of `end`, in the site's time zone.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from ats.rules import may
from candidates.models import Candidate
from insights.charts import Chart, bar_chart
from requisitions.models import Requisition
from requisitions.selectors import visible_requisitions
from workflows.models import Application, ApplicationTransition, DispositionReason, Task

State = Application.State
FINAL_STATES = [State.HIRED, State.REJECTED, State.WITHDRAWN]
FUNNEL_STAGES = [
    State.APPLIED,
    State.SCREENING,
    State.SHORTLISTED,
    State.INTERVIEWING,
    State.OFFER,
    State.HIRED,
]
STAGE_STATES = [State.APPLIED, State.SCREENING, State.SHORTLISTED, State.INTERVIEWING, State.OFFER]
DAY = 86400.0

# Calibration: below this share of accepted shortlisted candidates (over at least
# CALIBRATION_MIN_DECISIONS decisions), the page suggests revisiting the intake.
CALIBRATION_LOW = 50.0
CALIBRATION_MIN_DECISIONS = 3
# Candidate experience: a group is shown only with at least this many survey responses.
K_ANONYMITY = 5


# --- scope and filters -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    start: date
    end: date
    department: str = ""

    @classmethod
    def default(cls) -> ReportFilters:
        today = timezone.localdate()
        return cls(start=today - timedelta(days=180), end=today)

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """Exclusive: the first moment after the `end` day."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def query(self) -> str:
        from urllib.parse import urlencode

        params = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        if self.department:
            params["department"] = self.department
        return urlencode(params)


def may_see_reports(user) -> bool:
    return may(user, "insights.view_reports")


def report_requisitions(user, filters: ReportFilters) -> QuerySet[Requisition]:
    """The requisitions whose numbers `user` may see: all for recruiters and admins, an HM's own
    for a hiring manager; 404 for anyone else. Filtered by department."""
    if not may_see_reports(user):
        raise Http404("No reports for you.")
    requisitions = visible_requisitions(user)
    if filters.department:
        requisitions = requisitions.filter(department=filters.department)
    return requisitions


# --- the report shape --------------------------------------------------------------------------


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        """The rows as the page and the CSV show them."""
        return [[cell_text(value) for value in row] for row in self.rows]


@dataclass
class Report:
    slug: str
    title: str
    description: str
    headline: list[str]
    table: Table
    chart: Chart | None
    nudges: list[tuple[str, str]] = field(default_factory=list)  # (text, url or "")
    empty: str = ""


def cell_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def days_between(start: datetime, end: datetime) -> float:
    return round((end - start).total_seconds() / DAY, 1)


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def p90(values: list[float]) -> float | None:
    """Nearest-rank 90th percentile: the smallest value with at least 90 % of values at or below."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[math.ceil(0.9 * len(ordered)) - 1], 1)


def percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _person(first: str, last: str, username: str) -> str:
    return f"{first} {last}".strip() or username


# --- time to fill and time to hire --------------------------------------------------------------


def time_to_fill_and_hire(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """Per requisition, for the hires made in the range: days from the requisition's opening to
    each hire (time to fill) and from the candidate's application to their hire (time to hire).

    A hire is the `hire` transition in the log (the offer's acceptance, once offers exist).
    """
    hires = (
        ApplicationTransition.objects.filter(
            transition="hire",
            application__requisition__in=requisitions,
            created_at__gte=filters.since,
            created_at__lt=filters.until,
        )
        .values_list(
            "application__requisition_id",
            "application__requisition__title",
            "application__requisition__department",
            "application__requisition__opened_at",
            "application__created_at",
            "created_at",
        )
        .order_by("application__requisition__title", "application__requisition_id", "created_at")
    )
    fill: dict[int, list[float]] = defaultdict(list)
    hire: dict[int, list[float]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for req_id, title, department, opened_at, applied_at, hired_at in hires:
        names[req_id] = (title, department)
        if opened_at is not None:
            fill[req_id].append(days_between(opened_at, hired_at))
        hire[req_id].append(days_between(applied_at, hired_at))
    table = Table(
        ["Requisition", "Department", "Hires", "Time to fill (days)", "Time to hire (days)"]
    )
    for req_id, (title, department) in names.items():
        table.rows.append(
            [title, department, len(hire[req_id]), median(fill[req_id]), median(hire[req_id])]
        )
    all_fill = [d for values in fill.values() for d in values]
    all_hire = [d for values in hire.values() for d in values]
    headline = [
        f"{len(all_hire)} hire{'s' if len(all_hire) != 1 else ''} in the period",
        f"median time to fill: {cell_text(median(all_fill))} days",
        f"median time to hire: {cell_text(median(all_hire))} days",
    ]
    chart = bar_chart(
        labels=[row[0] for row in table.rows],
        series=[
            ("Time to fill", [row[3] or 0 for row in table.rows]),
            ("Time to hire", [row[4] or 0 for row in table.rows]),
        ],
        unit="days",
    )
    return Report(
        slug="time-to-fill",
        title="Time to fill and time to hire",
        description=(
            "Median days per requisition, for hires in the period: from the requisition's "
            "opening to the hire (time to fill) and from the candidate's application to the hire "
            "(time to hire)."
        ),
        headline=headline,
        table=table,
        chart=chart,
        empty="" if all_hire else "No hires in this period.",
    )


# --- time in stage -----------------------------------------------------------------------------


def stage_stays(requisitions: QuerySet[Requisition], filters: ReportFilters) -> dict[str, list]:
    """Days each application spent in each state, for the stays that ended in the range.

    A stay starts when the application entered the state (its creation for `applied`) and ends
    at the next transition in the log.
    """
    rows = (
        ApplicationTransition.objects.filter(
            application__requisition__in=requisitions,
            application__created_at__lt=filters.until,
        )
        .values_list("application_id", "application__created_at", "from_state", "created_at")
        .order_by("application_id", "created_at", "id")
    )
    stays: dict[str, list[float]] = {state: [] for state in STAGE_STATES}
    previous_app, entered = None, None
    for app_id, created_at, from_state, moved_at in rows:
        if app_id != previous_app:
            previous_app, entered = app_id, created_at
        if from_state in stays and filters.since <= moved_at < filters.until:
            stays[from_state].append(days_between(entered, moved_at))
        entered = moved_at
    return stays


def time_in_stage(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    stays = stage_stays(requisitions, filters)
    table = Table(["Stage", "Stays", "Median (days)", "p90 (days)"])
    for state in STAGE_STATES:
        values = stays[state]
        table.rows.append([State(state).label, len(values), median(values), p90(values)])
    chart = bar_chart(
        labels=[row[0] for row in table.rows],
        series=[
            ("Median", [row[2] or 0 for row in table.rows]),
            ("p90", [row[3] or 0 for row in table.rows]),
        ],
        unit="days",
    )
    total = sum(len(values) for values in stays.values())
    slowest = max(table.rows, key=lambda row: row[2] or 0)
    headline = [f"{total} stage stays ended in the period"]
    if total:
        headline.append(f"longest median: {slowest[0].lower()} ({cell_text(slowest[2])} days)")
    return Report(
        slug="time-in-stage",
        title="Time in stage",
        description=(
            "How long applications stayed in each stage before moving on, from the transition "
            "log: the median and the 90th percentile of the stays that ended in the period."
        ),
        headline=headline,
        table=table,
        chart=chart,
        empty="" if total else "No application moved in this period.",
    )


# --- pass-through funnel -----------------------------------------------------------------------


def funnel(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """For applications completed in the range (hired, rejected or withdrawn then), how many
    reached each stage and the share of those that went on to the next."""
    completed = Application.objects.filter(
        requisition__in=requisitions, state__in=FINAL_STATES
    ).filter(
        Exists(
            ApplicationTransition.objects.filter(
                application=OuterRef("pk"),
                to_state=OuterRef("state"),
                created_at__gte=filters.since,
                created_at__lt=filters.until,
            )
        )
    )
    reached: dict[str, set[int]] = defaultdict(set)
    for app_id, to_state in ApplicationTransition.objects.filter(
        application__in=completed
    ).values_list("application_id", "to_state"):
        reached[to_state].add(app_id)
    # Every completed application was applied; the log starts at its first move.
    reached[State.APPLIED] = reached[State.APPLIED] | {
        app_id for ids in reached.values() for app_id in ids
    }
    counts = [len(reached[state]) for state in FUNNEL_STAGES]
    table = Table(["Stage", "Reached", "Went on", "Pass-through (%)"])
    for index, state in enumerate(FUNNEL_STAGES):
        went_on = counts[index + 1] if index + 1 < len(counts) else None
        rate = percent(went_on, counts[index]) if went_on is not None else None
        table.rows.append([State(state).label, counts[index], went_on, rate])
    chart = bar_chart(
        labels=[row[0] for row in table.rows],
        series=[("Reached", counts)],
        unit="applications",
    )
    return Report(
        slug="funnel",
        title="Pass-through funnel",
        description=(
            "Applications completed in the period (hired, rejected or withdrawn): how many "
            "reached each stage, and what share of them went on to the next."
        ),
        headline=[
            f"{counts[0]} completed applications",
            f"{counts[-1]} hired ({cell_text(percent(counts[-1], counts[0]))} %)",
        ],
        table=table,
        chart=chart,
        empty="" if counts[0] else "No application was completed in this period.",
    )


# --- source of hire ----------------------------------------------------------------------------


def source_of_hire(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """Hires in the range by the application's source, with the applications that source brought
    in the range and the share of them hired."""
    in_range = Q(created_at__gte=filters.since, created_at__lt=filters.until)
    hires = Counter(
        ApplicationTransition.objects.filter(
            in_range, transition="hire", application__requisition__in=requisitions
        ).values_list("application__source", flat=True)
    )
    applications = Counter(
        Application.objects.filter(in_range, requisition__in=requisitions).values_list(
            "source", flat=True
        )
    )
    labels = dict(Candidate.Source.choices)
    total_hires = sum(hires.values())
    table = Table(["Source", "Hires", "Share of hires (%)", "Applications", "Hired of applied (%)"])
    for source in sorted(set(hires) | set(applications), key=lambda s: (-hires[s], s)):
        table.rows.append(
            [
                labels.get(source, source or "Unknown"),
                hires[source],
                percent(hires[source], total_hires),
                applications[source],
                percent(hires[source], applications[source]),
            ]
        )
    best = table.rows[0][0] if total_hires else None
    return Report(
        slug="source-of-hire",
        title="Source of hire",
        description="Where the people hired in the period came from, and how each source converts.",
        headline=[f"{total_hires} hires"] + ([f"most from: {best}"] if best else []),
        table=table,
        chart=bar_chart(
            labels=[row[0] for row in table.rows],
            series=[("Hires", [row[1] for row in table.rows])],
            unit="hires",
        ),
        empty="" if table.rows else "No applications or hires in this period.",
    )


# --- disposition reasons -----------------------------------------------------------------------


def dispositions(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """Why applications ended in the range (rejected, declined, withdrawn), by reason; and the
    share of rejections whose reason says something (a group other than "Other")."""
    rows = ApplicationTransition.objects.filter(
        application__requisition__in=requisitions,
        to_state__in=[State.REJECTED, State.WITHDRAWN],
        created_at__gte=filters.since,
        created_at__lt=filters.until,
    ).values_list("to_state", "reason__label", "reason__group")
    by_reason: Counter = Counter()
    rejections = specific = 0
    for to_state, label, group in rows:
        by_reason[(label, group)] += 1
        if to_state == State.REJECTED:
            rejections += 1
            if group and group != DispositionReason.Group.OTHER:
                specific += 1
    total = sum(by_reason.values())
    groups = dict(DispositionReason.Group.choices)
    table = Table(["Reason", "Group", "Applications", "Share (%)"])
    for (label, group), count in sorted(by_reason.items(), key=lambda item: (-item[1], item[0])):
        table.rows.append(
            [label or "No reason given", groups.get(group, "-"), count, percent(count, total)]
        )
    share = percent(specific, rejections)
    return Report(
        slug="dispositions",
        title="Disposition reasons",
        description=(
            "Why applications ended in the period. The share of rejections with a specific "
            "reason (any group but “Other”) tells whether candidates get a real answer."
        ),
        headline=[
            f"{total} applications ended",
            f"{cell_text(share)} % of {rejections} rejections had a reason other than “Other”",
        ],
        table=table,
        chart=bar_chart(
            labels=[row[0] for row in table.rows],
            series=[("Applications", [row[2] for row in table.rows])],
            unit="applications",
        ),
        empty="" if total else "No application ended in this period.",
    )


# --- the hiring agreement (SLA compliance) -------------------------------------------------------

SIDE_RECRUITER, SIDE_HM, SIDE_INTERVIEWERS = "Recruiter", "Hiring manager", "Interviewers"


def duty_side(*, kind: str, owner_id: int, hiring_manager_id: int) -> str:
    """Whose side of the agreement a duty is on: interview feedback is the interviewers' (the HM
    included, when they interview); other duties of the requisition's HM are the HM's; the rest
    the recruiter's."""
    if kind == Task.Kind.FEEDBACK:
        return SIDE_INTERVIEWERS
    if owner_id == hiring_manager_id:
        return SIDE_HM
    return SIDE_RECRUITER


@dataclass
class Compliance:
    due: int = 0
    on_time: int = 0
    late_hours: list[float] = field(default_factory=list)
    overrides: int = 0

    def add(self, *, due_at: datetime, completed_at: datetime | None, now: datetime) -> None:
        self.due += 1
        if completed_at is not None and completed_at <= due_at:
            self.on_time += 1
        else:
            self.late_hours.append((min(completed_at or now, now) - due_at).total_seconds() / 3600)

    @property
    def rate(self) -> float | None:
        return percent(self.on_time, self.due)

    @property
    def mean_lateness(self) -> float | None:
        return round(statistics.fmean(self.late_hours), 1) if self.late_hours else None


def due_duties(tasks: QuerySet[Task], filters: ReportFilters, now: datetime) -> QuerySet[Task]:
    """The duties that fell due in the range: the deadline is in the range and has passed, or the
    duty was done already (done early counts as due)."""
    return tasks.filter(due_at__gte=filters.since, due_at__lt=filters.until).filter(
        Q(due_at__lte=now) | Q(completed_at__isnull=False)
    )


def hiring_agreement(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """SLA compliance from the tasks: duties done on time / duties due, per side, per person and
    per duty, with the mean lateness of the late ones (hours; an open overdue duty is late until
    now) and the guard overrides made in the range (per person who made them)."""
    now = timezone.now()
    tasks = due_duties(Task.objects.filter(requisition__in=requisitions), filters, now)
    rows = tasks.values_list(
        "kind",
        "owner_id",
        "owner__first_name",
        "owner__last_name",
        "owner__username",
        "requisition__hiring_manager_id",
        "due_at",
        "completed_at",
    )
    total = Compliance()
    sides: dict[str, Compliance] = {
        side: Compliance() for side in (SIDE_RECRUITER, SIDE_HM, SIDE_INTERVIEWERS)
    }
    people: dict[str, Compliance] = defaultdict(Compliance)
    duties: dict[str, Compliance] = defaultdict(Compliance)
    kinds = dict(Task.Kind.choices)
    for kind, owner_id, first, last, username, hm_id, due_at, completed_at in rows:
        side = duty_side(kind=kind, owner_id=owner_id, hiring_manager_id=hm_id)
        for bucket in (total, sides[side], people[_person(first, last, username)], duties[kind]):
            bucket.add(due_at=due_at, completed_at=completed_at, now=now)
    overrides = ApplicationTransition.objects.filter(
        application__requisition__in=requisitions,
        overridden=True,
        created_at__gte=filters.since,
        created_at__lt=filters.until,
    ).values_list("by__first_name", "by__last_name", "by__username")
    for first, last, username in overrides:
        total.overrides += 1
        people[_person(first or "", last or "", username or "Tandem")].overrides += 1

    table = Table(
        ["By", "Who or what", "Due", "On time", "On time (%)", "Mean lateness (h)", "Overrides"]
    )

    def row(level: str, name: str, c: Compliance, overrides: int | None = None) -> list:
        return [level, name, c.due, c.on_time, c.rate, c.mean_lateness, overrides]

    table.rows.append(row("All", "Everyone", total, total.overrides))
    for side, c in sides.items():
        table.rows.append(row("Side", side, c))
    for name, c in sorted(people.items()):
        table.rows.append(row("Person", name, c, c.overrides))
    for kind, c in sorted(duties.items(), key=lambda item: kinds.get(item[0], item[0])):
        table.rows.append(row("Duty", kinds.get(kind, kind), c))
    people_rows = [r for r in table.rows if r[0] == "Person" and r[2]]
    return Report(
        slug="hiring-agreement",
        title="The hiring agreement",
        description=(
            "Whether the SLAs agreed at intake are kept, by both sides: duties done on time out "
            "of duties due in the period, per side, per person and per duty; the mean lateness "
            "of the late ones; and the blocking guards an admin overrode."
        ),
        headline=[
            f"{cell_text(total.rate)} % of {total.due} duties done on time",
            f"mean lateness {cell_text(total.mean_lateness)} h",
            f"{total.overrides} guard override{'s' if total.overrides != 1 else ''}",
        ],
        table=table,
        chart=bar_chart(
            labels=[r[1] for r in people_rows],
            series=[("On time", [r[4] or 0 for r in people_rows])],
            unit="%",
            maximum=100,
        ),
        empty="" if total.due or total.overrides else "No duty fell due in this period.",
    )


def sla_record(user, *, since: datetime) -> Compliance:
    """`user`'s own record: their duties that fell due since `since` (or were done already)."""
    now = timezone.now()
    record = Compliance()
    tasks = Task.objects.filter(owner=user, due_at__gte=since).filter(
        Q(due_at__lte=now) | Q(completed_at__isnull=False)
    )
    for due_at, completed_at in tasks.values_list("due_at", "completed_at"):
        record.add(due_at=due_at, completed_at=completed_at, now=now)
    return record


# --- calibration -------------------------------------------------------------------------------


@dataclass
class Calibration:
    shortlisted: int = 0
    accepted: int = 0
    declined: int = 0

    @property
    def decided(self) -> int:
        return self.accepted + self.declined

    @property
    def rate(self) -> float | None:
        return percent(self.accepted, self.decided)

    @property
    def low(self) -> bool:
        return self.decided >= CALIBRATION_MIN_DECISIONS and (self.rate or 0) < CALIBRATION_LOW


def calibration(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """Of the candidates shortlisted in the range, the share the HM accepted to interview (of
    those the HM decided on), per requisition and per recruiter-HM pair. A low share means the
    recruiter and the HM picture different people: revisit the intake."""
    shortlisted = ApplicationTransition.objects.filter(
        application__requisition__in=requisitions,
        transition="shortlist",
        created_at__gte=filters.since,
        created_at__lt=filters.until,
    ).values("application_id")
    rows = (
        ApplicationTransition.objects.filter(
            application_id__in=shortlisted, transition__in=["shortlist", "accept", "decline"]
        )
        .values_list(
            "application_id",
            "transition",
            "application__requisition_id",
            "application__requisition__title",
            "application__requisition__recruiter__first_name",
            "application__requisition__recruiter__last_name",
            "application__requisition__recruiter__username",
            "application__requisition__hiring_manager__first_name",
            "application__requisition__hiring_manager__last_name",
            "application__requisition__hiring_manager__username",
        )
        .order_by("application_id", "created_at", "id")
    )
    outcome: dict[int, str] = {}
    where: dict[int, tuple] = {}
    for app_id, move, req_id, title, rf, rl, ru, hf, hl, hu in rows:
        where[app_id] = (req_id, title, _person(rf or "", rl or "", ru or "-"), _person(hf, hl, hu))
        if move in ("accept", "decline") and outcome.get(app_id) not in ("accept",):
            outcome[app_id] = move
    per_req: dict[tuple[int, str], Calibration] = defaultdict(Calibration)
    per_pair: dict[str, Calibration] = defaultdict(Calibration)
    total = Calibration()
    for app_id, (req_id, title, recruiter, manager) in where.items():
        for bucket in (per_req[(req_id, title)], per_pair[f"{recruiter} - {manager}"], total):
            bucket.shortlisted += 1
            bucket.accepted += outcome.get(app_id) == "accept"
            bucket.declined += outcome.get(app_id) == "decline"
    table = Table(
        [
            "By",
            "Requisition or pair",
            "Shortlisted",
            "Accepted",
            "Declined",
            "Accepted (%)",
            "Nudge",
        ]
    )
    nudges = []
    for (req_id, title), c in sorted(per_req.items(), key=lambda item: item[0][1]):
        nudge = "Revisit the intake" if c.low else ""
        table.rows.append(
            ["Requisition", title, c.shortlisted, c.accepted, c.declined, c.rate, nudge]
        )
        if c.low:
            nudges.append(
                (
                    f"{title}: the hiring manager accepted only {cell_text(c.rate)} % of the "
                    "shortlist. Revisit the intake together - the must-haves may not say what "
                    "the team needs.",
                    reverse("requisitions:intake", args=[req_id]),
                )
            )
    for pair, c in sorted(per_pair.items()):
        nudge = "Revisit the intake" if c.low else ""
        table.rows.append(["Pair", pair, c.shortlisted, c.accepted, c.declined, c.rate, nudge])
    req_rows = [r for r in table.rows if r[0] == "Requisition"]
    return Report(
        slug="calibration",
        title="Calibration",
        description=(
            "Of the candidates shortlisted in the period, the share the hiring manager accepted "
            "to interview (of those decided). Below "
            f"{CALIBRATION_LOW:.0f} % over {CALIBRATION_MIN_DECISIONS} or more decisions, "
            "revisit the intake."
        ),
        headline=[
            f"{total.shortlisted} shortlisted",
            f"{cell_text(total.rate)} % accepted of {total.decided} decided",
        ],
        table=table,
        chart=bar_chart(
            labels=[r[1] for r in req_rows],
            series=[("Accepted", [r[5] or 0 for r in req_rows])],
            unit="%",
            maximum=100,
        ),
        nudges=nudges,
        empty="" if total.shortlisted else "Nobody was shortlisted in this period.",
    )


# --- candidate experience ------------------------------------------------------------------------


class SurveyRow(NamedTuple):
    """One candidate's survey answer, reduced to what the report needs (no candidate in it).

    `nps` is the 0-10 "would you recommend applying here" answer; the ratings are 1-5 or None.
    """

    recruiter_id: int | None
    hm_id: int | None
    nps: int | None
    recruiter_rating: int | None
    hm_rating: int | None


def survey_rows(requisitions: QuerySet[Requisition], filters: ReportFilters) -> list[SurveyRow]:
    """The survey answers given in the range about the requisitions in scope (one query).

    Surveys are written by the careers site (careers.Survey, an app above this one); they are
    read here through the applications' reverse relation `surveys`, without importing careers.
    """
    answers = (
        Application.objects.filter(
            requisition__in=requisitions,
            surveys__answered_at__gte=filters.since,
            surveys__answered_at__lt=filters.until,
        )
        .values_list(
            "requisition__recruiter_id",
            "requisition__hiring_manager_id",
            "surveys__nps",
            "surveys__recruiter_rating",
            "surveys__interviewers_rating",
        )
        .order_by()
    )
    return [SurveyRow(*row) for row in answers]


def nps(scores: list[int]) -> int | None:
    """Net promoter score: % of 9-10 answers minus % of 0-6 answers, rounded to a whole number."""
    if not scores:
        return None
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    return round(100 * (promoters - detractors) / len(scores))


def _mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 1) if values else None


def candidate_experience_table(
    rows: Iterable[SurveyRow], names: Callable[[int], str] | dict[int, str]
) -> Table:
    """NPS and the mean rating per recruiter and per HM, each group shown only with at least
    K_ANONYMITY responses (fewer could let someone trace an answer to a candidate)."""
    lookup = names.get if isinstance(names, dict) else names
    groups: dict[tuple[str, int], list[SurveyRow]] = defaultdict(list)
    for row in rows:
        if row.recruiter_id is not None:
            groups[("Recruiter", row.recruiter_id)].append(row)
        if row.hm_id is not None:
            groups[("Hiring manager", row.hm_id)].append(row)
    table = Table(["Role", "Person", "Responses", "NPS", "Mean rating (1-5)"])
    for (role, person_id), answers in sorted(
        groups.items(), key=lambda item: (item[0][0] != "Recruiter", lookup(item[0][1]) or "")
    ):
        name = lookup(person_id) or "-"
        if len(answers) < K_ANONYMITY:
            table.rows.append([role, name, f"fewer than {K_ANONYMITY}", None, None])
            continue
        ratings = [
            (a.recruiter_rating if role == "Recruiter" else a.hm_rating)
            for a in answers
            if (a.recruiter_rating if role == "Recruiter" else a.hm_rating) is not None
        ]
        scores = [a.nps for a in answers if a.nps is not None]
        table.rows.append([role, name, len(answers), nps(scores), _mean(ratings)])
    return table


def candidate_experience(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    rows = survey_rows(requisitions, filters)
    ids = {i for row in rows for i in (row.recruiter_id, row.hm_id) if i is not None}
    names: dict[int, str] = {}
    if ids:
        from django.contrib.auth import get_user_model

        for pk, first, last, username in (
            get_user_model()
            .objects.filter(pk__in=ids)
            .values_list("pk", "first_name", "last_name", "username")
        ):
            names[pk] = _person(first, last, username)
    table = candidate_experience_table(rows, names)
    shown = [r for r in table.rows if isinstance(r[2], int)]
    return Report(
        slug="candidate-experience",
        title="Candidate experience",
        description=(
            "What candidates answered in the post-interview survey: net promoter score and the "
            f"mean rating per recruiter and per hiring manager. A person with fewer than "
            f"{K_ANONYMITY} responses is not shown, so no answer can be traced to a candidate."
        ),
        headline=[f"{len(rows)} survey responses"],
        table=table,
        chart=bar_chart(
            labels=[f"{r[1]} ({r[0].lower()})" for r in shown],
            series=[("NPS", [max(r[3] or 0, 0) for r in shown])],
            unit="NPS",
            maximum=100,
        ),
        empty="" if rows else "No survey answers yet: candidates are asked after their interviews.",
    )


# --- all of them -------------------------------------------------------------------------------

REPORTS: dict[str, Callable[[QuerySet[Requisition], ReportFilters], Report]] = {
    "time-to-fill": time_to_fill_and_hire,
    "time-in-stage": time_in_stage,
    "funnel": funnel,
    "source-of-hire": source_of_hire,
    "dispositions": dispositions,
    "hiring-agreement": hiring_agreement,
    "calibration": calibration,
    "candidate-experience": candidate_experience,
}


def all_reports(user, filters: ReportFilters) -> list[Report]:
    requisitions = report_requisitions(user, filters)
    return [build(requisitions, filters) for build in REPORTS.values()]


def one_report(user, slug: str, filters: ReportFilters) -> Report:
    build = REPORTS.get(slug)
    if build is None:
        raise Http404("No such report.")
    return build(report_requisitions(user, filters), filters)
