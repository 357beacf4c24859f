"""Candidate experience: what candidates answered in the post-interview survey."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.db.models import QuerySet

from insights.charts import bar_chart
from insights.reports.base import Report, ReportFilters, Table, _person
from requisitions.models import Requisition
from workflows.models import Application

# A group is shown only with at least this many survey responses.
K_ANONYMITY = 5


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
