"""The reports (see `insights.reports.base` for the shape every report shares): the pipeline's
(`pipeline`), the hiring agreement and calibration (`agreement`), candidate experience
(`experience`). Each report function takes the requisitions in scope and the filters."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404

from insights.reports.agreement import Compliance, calibration, hiring_agreement, sla_record
from insights.reports.base import (
    Report,
    ReportFilters,
    may_see_reports,
    median,
    p90,
    percent,
    report_requisitions,
)
from insights.reports.experience import (
    SurveyRow,
    candidate_experience,
    candidate_experience_table,
    nps,
    survey_rows,
)
from insights.reports.pipeline import (
    dispositions,
    funnel,
    source_of_hire,
    time_in_stage,
    time_to_fill_and_hire,
)
from requisitions.models import Requisition

__all__ = [
    "REPORTS",
    "Compliance",
    "Report",
    "ReportFilters",
    "SurveyRow",
    "all_reports",
    "candidate_experience_table",
    "may_see_reports",
    "median",
    "nps",
    "one_report",
    "p90",
    "percent",
    "report_requisitions",
    "sla_record",
    "survey_rows",
]


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
