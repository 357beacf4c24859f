"""Reads of the careers site: the public job board, and which candidates' retention has ended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from candidates.models import BenchmarkCandidate, Candidate
from requisitions.models import Requisition
from workflows.models import Application

# What the job board reads of a requisition (never its people or internal notes).
JOB_COLUMNS = (
    "id",
    "title",
    "slug",
    "department",
    "location",
    "employment_type",
    "opened_at",
    "status",  # read by the FSM mixins when a row loads
)


def published_jobs() -> QuerySet[Requisition]:
    """Requisitions on the public job board: open and published, newest first."""
    return Requisition.objects.filter(status=Requisition.Status.OPEN, published=True).order_by(
        "-opened_at", "-id"
    )


@dataclass(frozen=True)
class JobFilters:
    q: str = ""
    department: str = ""
    location: str = ""
    employment_type: str = ""


def search_jobs(filters: JobFilters) -> QuerySet[Requisition]:
    """The job board's list: one query, whatever the number of jobs."""
    jobs = published_jobs().only(*JOB_COLUMNS)
    for word in filters.q.split()[:10]:
        jobs = jobs.filter(
            Q(title__icontains=word)
            | Q(department__icontains=word)
            | Q(location__icontains=word)
            | Q(description__icontains=word)
        )
    if filters.department:
        jobs = jobs.filter(department=filters.department)
    if filters.location:
        jobs = jobs.filter(location=filters.location)
    if filters.employment_type:
        jobs = jobs.filter(employment_type=filters.employment_type)
    return jobs


def job_facets() -> dict[str, list[str]]:
    """The departments and locations of published jobs, for the filters (one query)."""
    rows = published_jobs().order_by().values_list("department", "location").distinct()
    departments = sorted({department for department, _ in rows})
    locations = sorted({location for _, location in rows})
    return {"departments": departments, "locations": locations}


def get_published_job(slug: str) -> Requisition:
    """The job at /jobs/<slug>/ with its application questions; 404 unless open and published."""
    job = published_jobs().prefetch_related("knockout_questions").filter(slug=slug).first()
    if job is None:
        raise Http404("No such job is open.")
    return job


# --- retention ----------------------------------------------------------------------------------

CLOSED_STATES = [Application.State.REJECTED, Application.State.WITHDRAWN]


def retention_due(*, now: datetime, categories=None) -> QuerySet[Candidate]:
    """Candidates (not yet erased) whose retention period, by category, ended before `now`.

    Each row is annotated with `retention_category`. Categories and their days come from
    settings.TANDEM_RETENTION_DAYS; a category set to None is never swept.
    """
    days = settings.TANDEM_RETENTION_DAYS
    wanted = [
        name
        for name in (categories or days)
        if name in ("closed_without_consent", "talent_pool", "never_applied")
        and days.get(name) is not None
    ]
    base = Candidate.objects.filter(erasure__isnull=True).annotate(
        applications_count=Count("applications", distinct=True),
        open_or_hired=Count(
            "applications", filter=~Q(applications__state__in=CLOSED_STATES), distinct=True
        ),
        last_closed_at=Max("applications__state_changed_at"),
    )
    conditions = Q(pk__in=[])
    for name in wanted:
        cutoff = now - timedelta(days=days[name])
        if name == "closed_without_consent":
            conditions |= Q(
                talent_pool_consent=False,
                applications_count__gt=0,
                open_or_hired=0,
                last_closed_at__lt=cutoff,
            )
        elif name == "talent_pool":
            conditions |= Q(talent_pool_consent=True, open_or_hired=0, updated_at__lt=cutoff) & (
                Q(applications_count=0) | Q(last_closed_at__lt=cutoff)
            )
        elif name == "never_applied":
            conditions |= Q(
                talent_pool_consent=False, applications_count=0, updated_at__lt=cutoff
            ) & ~Q(Exists(BenchmarkCandidate.objects.filter(candidate=OuterRef("pk"))))
    return base.filter(conditions)


def retention_category(*, talent_pool_consent: bool, applications: int) -> str:
    """The retention category of a candidate with that consent and that many `applications`."""
    if talent_pool_consent:
        return "talent_pool"
    return "closed_without_consent" if applications else "never_applied"


def retention_candidates(*, now: datetime, limit: int) -> list[tuple[int, str]]:
    """(candidate id, category) of up to `limit` candidates due for anonymisation, oldest first."""
    due = retention_due(now=now).order_by("updated_at", "pk")
    # `applications_count` is annotated by retention_due().
    rows = due.values_list("pk", "talent_pool_consent", "applications_count")[:limit]  # type: ignore[misc]
    return [
        (pk, retention_category(talent_pool_consent=consent, applications=applications))
        for pk, consent, applications in rows
    ]
