"""The benchmark's open tasks: a million belonging to other recruiters, a day's work for ours.

The million are written by one INSERT … SELECT per requisition (generate_series on PostgreSQL, a
recursive CTE on SQLite): `due` of them are already due (an hour ago, the SLA sweep's work), the
rest fall due from tomorrow on, one every few seconds over the next two months. Re-running finds
them and only clears what a sweep marked; once some of the rest come near their due time (a
re-run the next day), they are made again, so a sweep always finds exactly `due` of them.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection, transaction
from django.utils import timezone

from workflows.models import Application, Task

TABLE = Task._meta.db_table
COLUMNS = "requisition_id, owner_id, kind, title, due_at, blocking, created_at"


def _insert_series(*, requisition_id: int, owner_id: int, start: int, count: int, due: int):
    """Tasks start+1 … start+count of the series; the first `due` of the whole series are due."""
    now = timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    values = [
        requisition_id,
        owner_id,
        due,
        adapt(now - timedelta(hours=1)),
        adapt(now),
        adapt(now),
    ]
    bounds = [start + 1, start + count]
    if connection.vendor == "postgresql":
        head, later, false, source = (
            "",
            "%s + interval '1 day' + i * interval '5 seconds'",
            "false",
            "FROM generate_series(%s, %s) AS i",
        )
        params = values + bounds
    else:
        head = "WITH RECURSIVE s(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM s WHERE i < %s) "
        later, false, source = "datetime(%s, '+1 day', '+' || (i * 5) || ' seconds')", "0", "FROM s"
        params = bounds + values
    sql = (
        f"{head}INSERT INTO {TABLE} ({COLUMNS}) "
        f"SELECT %s, %s, 'other', 'Bench: check references', "
        f"CASE WHEN i <= %s THEN %s ELSE {later} END, {false}, %s {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def tasks_ensure(requisitions: list, *, total: int, due: int) -> bool:
    """`total` open tasks spread over `requisitions` (each owned by its recruiter), `due` of them
    due now. Returns whether they had to be (re)made."""
    ids = [r.pk for r in requisitions]
    mine = Task.objects.filter(requisition_id__in=ids, application__isnull=True)
    near = mine.filter(due_at__lte=timezone.now() + timedelta(hours=12))
    if mine.count() == total and near.count() == due:
        tasks_reset(requisitions)
        return False
    share, rest = divmod(total, len(requisitions))
    with transaction.atomic():
        mine.delete()
        start = 0
        for n, requisition in enumerate(requisitions):
            count = share + (1 if n < rest else 0)
            _insert_series(
                requisition_id=requisition.pk,
                owner_id=requisition.recruiter_id,
                start=start,
                count=count,
                due=due,
            )
            start += count
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {TABLE}")
    return True


def tasks_reset(requisitions: list) -> None:
    """Undo what a sweep (a stray beat, an interrupted bench) did to the due tasks."""
    Task.objects.filter(
        requisition_id__in=[r.pk for r in requisitions],
        application__isnull=True,
        due_at__lte=timezone.now(),
    ).exclude(reminded_at=None, escalated_at=None, completed_at=None).update(
        reminded_at=None, escalated_at=None, completed_at=None
    )


def workload_ensure(requisition, *, recruiter, manager) -> None:
    """A day's work on the big search: screening duties for the recruiter, reviews and interview
    feedback the recruiter waits on from the hiring manager, a few of each overdue."""
    if Task.objects.filter(requisition=requisition, application__isnull=False).exists():
        return
    now = timezone.now()
    kinds = {
        Application.State.SCREENING: (Task.Kind.SCREENING, recruiter, "Screen"),
        Application.State.SHORTLISTED: (Task.Kind.REVIEW, manager, "Review"),
        Application.State.INTERVIEWING: (Task.Kind.FEEDBACK, manager, "Feedback on"),
    }
    applications = Application.objects.filter(
        requisition=requisition, state__in=list(kinds)
    ).select_related("candidate")
    Task.objects.bulk_create(
        [
            Task(
                application=app,
                requisition=requisition,
                owner=kinds[app.state][1],
                kind=kinds[app.state][0],
                title=f"{kinds[app.state][2]} {app.candidate.full_name}",
                due_at=now + timedelta(hours=(app.pk % 96) - 12),
                blocking=app.state == Application.State.SCREENING,
            )
            for app in applications
        ],
        batch_size=1000,
    )
