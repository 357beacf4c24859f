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
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from ats.rules import may
from insights.charts import Chart
from requisitions.models import Requisition
from requisitions.selectors import visible_requisitions
from workflows.models import Application

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
# Every report, and the dashboard's SLA record, covers this many days unless the user changes it.
DEFAULT_WINDOW_DAYS = 90


# --- scope and filters -------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    start: date
    end: date
    department: str = ""

    @classmethod
    def default(cls) -> ReportFilters:
        """The last DEFAULT_WINDOW_DAYS whole days, today included: the reports' default and
        the dashboard's SLA record, so the two always agree."""
        today = timezone.localdate()
        return cls(start=today - timedelta(days=DEFAULT_WINDOW_DAYS - 1), end=today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def is_default(self) -> bool:
        default = ReportFilters.default()
        return (self.start, self.end) == (default.start, default.end)

    @property
    def label(self) -> str:
        """The window as every page names it: "last 90 days (5 Sep to 3 Dec 2026)"."""
        dates = f"{date_format(self.start, 'j M Y')} to {date_format(self.end, 'j M Y')}"
        if self.end == timezone.localdate():
            return f"last {self.days} days ({dates})"
        return dates

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
