"""The hiring agreement: whether both sides keep the SLAs agreed at intake, and calibration
(whether the recruiter's shortlist is what the hiring manager wants)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from insights.charts import bar_chart
from insights.reports.base import (
    Report,
    ReportFilters,
    Table,
    _person,
    cell_text,
    percent,
    report_requisitions,
)
from requisitions.models import Requisition
from workflows.models import ApplicationTransition, Task

# Calibration: below this share of accepted shortlisted candidates (over at least
# CALIBRATION_MIN_DECISIONS decisions), the page suggests revisiting the intake.
CALIBRATION_LOW = 50.0
CALIBRATION_MIN_DECISIONS = 3


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
        Q(due_at__lt=now) | Q(completed_at__isnull=False)  # overdue (is_overdue) or done
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


def sla_record(user, filters: ReportFilters) -> Compliance:
    """`user`'s own line of the hiring agreement for `filters` (the dashboard shows it for the
    default window): their duties on the requisitions they may see that fell due in the window.
    Counted in the database; only the late duties' times are read, for the mean lateness."""
    now = timezone.now()
    tasks = due_duties(
        Task.objects.filter(owner=user, requisition__in=report_requisitions(user, filters)),
        filters,
        now,
    )
    on_time = Q(completed_at__isnull=False, completed_at__lte=F("due_at"))
    totals = tasks.aggregate(due=Count("pk"), on_time=Count("pk", filter=on_time))
    record = Compliance(due=totals["due"], on_time=totals["on_time"])
    for due_at, completed_at in tasks.exclude(on_time).values_list("due_at", "completed_at"):
        record.late_hours.append((min(completed_at or now, now) - due_at).total_seconds() / 3600)
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
