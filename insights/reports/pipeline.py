"""The pipeline's reports: time to fill and to hire, time in stage, the funnel, source of hire
and disposition reasons."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Lag

from candidates.models import Candidate
from insights.charts import bar_chart
from insights.reports.base import (
    FINAL_STATES,
    FUNNEL_STAGES,
    STAGE_STATES,
    Report,
    ReportFilters,
    State,
    Table,
    cell_text,
    days_between,
    median,
    p90,
    percent,
)
from requisitions.models import Requisition
from workflows.models import Application, ApplicationTransition, DispositionReason

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


def _stay_log(requisitions: QuerySet[Requisition], filters: ReportFilters) -> QuerySet:
    """The transitions before the range's end of the applications that moved in the range."""
    moved_in_range = ApplicationTransition.objects.filter(
        application__requisition__in=requisitions,
        created_at__gte=filters.since,
        created_at__lt=filters.until,
    ).values("application_id")
    # Only the logs of applications that moved in the range (their earlier moves say when each
    # stay began): the window bounds what is read, not the age of the database.
    return ApplicationTransition.objects.filter(
        application__in=moved_in_range, created_at__lt=filters.until
    )


def stage_stays(requisitions: QuerySet[Requisition], filters: ReportFilters) -> dict[str, list]:
    """Days each application spent in each state, for the stays that ended in the range.

    A stay starts when the application entered the state (its creation for `applied`) and ends
    at the next transition in the log.
    """
    rows = (
        _stay_log(requisitions, filters)
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


def stage_stay_stats(
    requisitions: QuerySet[Requisition], filters: ReportFilters
) -> dict[str, tuple[int, float | None, float | None]]:
    """Per state: the number of stays that ended in the range, their median and p90 in days.

    On PostgreSQL the stays and their statistics are computed in the database (LAG over each
    application's log, percentile_cont for the median, percentile_disc for the nearest-rank
    p90); elsewhere from `stage_stays`.
    """
    if connection.vendor != "postgresql":
        stays = stage_stays(requisitions, filters)
        return {s: (len(v), median(v), p90(v)) for s, v in stays.items()}
    log = _stay_log(requisitions, filters).annotate(
        entered=Window(
            Lag("created_at"),
            partition_by=[F("application_id")],
            order_by=[F("created_at").asc(), F("id").asc()],
        ),
        applied_at=F("application__created_at"),
    )
    inner, params = log.values(
        "from_state", "created_at", "entered", "applied_at"
    ).query.sql_with_params()
    days = (
        "ROUND((EXTRACT(EPOCH FROM (log.created_at - COALESCE(log.entered, log.applied_at)))"
        " / 86400)::numeric, 1)"
    )
    sql = (
        f"SELECT from_state, COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {days}),"
        f" PERCENTILE_DISC(0.9) WITHIN GROUP (ORDER BY {days})"
        f" FROM ({inner}) log WHERE log.created_at >= %s AND log.from_state = ANY(%s)"
        " GROUP BY from_state"
    )
    stats: dict[str, tuple[int, float | None, float | None]] = {
        state: (0, None, None) for state in STAGE_STATES
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, filters.since, [str(s) for s in STAGE_STATES]))
        for state, count, mid, top in cursor.fetchall():
            stats[state] = (count, round(float(mid), 1), round(float(top), 1))
    return stats


def time_in_stage(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    stats = stage_stay_stats(requisitions, filters)
    table = Table(["Stage", "Stays", "Median (days)", "p90 (days)"])
    for state in STAGE_STATES:
        count, mid, top = stats[state]
        table.rows.append([State(state).label, count, mid, top])
    chart = bar_chart(
        labels=[row[0] for row in table.rows],
        series=[
            ("Median", [row[2] or 0 for row in table.rows]),
            ("p90", [row[3] or 0 for row in table.rows]),
        ],
        unit="days",
    )
    total = sum(count for count, _, _ in stats.values())
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
    # Counted in the database: how many distinct completed applications reached each state.
    reached = dict(
        ApplicationTransition.objects.filter(application__in=completed)
        .values("to_state")
        .annotate(n=Count("application_id", distinct=True))
        .values_list("to_state", "n")
        .order_by()
    )
    # Every completed application was applied; the log starts at its first move.
    reached[State.APPLIED] = completed.count()
    counts = [reached.get(state, 0) for state in FUNNEL_STAGES]
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


def _count_by(rows: QuerySet, *fields: str) -> Counter:
    """Rows per value of `fields`, counted in the database (GROUP BY); one key per group (a
    tuple when there are several fields)."""
    counts: Counter = Counter()
    for *key, n in (
        rows.values(*fields).annotate(n=Count("pk")).values_list(*fields, "n").order_by()
    ):
        counts[key[0] if len(key) == 1 else tuple(key)] += n
    return counts


def source_of_hire(requisitions: QuerySet[Requisition], filters: ReportFilters) -> Report:
    """Hires in the range by the application's source, with the applications that source brought
    in the range and the share of them hired."""
    in_range = Q(created_at__gte=filters.since, created_at__lt=filters.until)
    hires = _count_by(
        ApplicationTransition.objects.filter(
            in_range, transition="hire", application__requisition__in=requisitions
        ),
        "application__source",
    )
    applications = _count_by(
        Application.objects.filter(in_range, requisition__in=requisitions), "source"
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
    ended = _count_by(
        ApplicationTransition.objects.filter(
            application__requisition__in=requisitions,
            to_state__in=[State.REJECTED, State.WITHDRAWN],
            created_at__gte=filters.since,
            created_at__lt=filters.until,
        ),
        "to_state",
        "reason__label",
        "reason__group",
    )
    by_reason: Counter = Counter()
    rejections = specific = 0
    for (to_state, label, group), n in ended.items():
        by_reason[(label, group)] += n
        if to_state == State.REJECTED:
            rejections += n
            if group and group != DispositionReason.Group.OTHER:
                specific += n
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
