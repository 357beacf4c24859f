"""My dashboard reads my rows only: another recruiter's open tasks, however many, change neither
the queries it runs nor (on PostgreSQL) the index it reads them through."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights import dashboard
from tests.factories import RequisitionFactory, TaskFactory, UserFactory
from workflows.models import Task

pytestmark = pytest.mark.django_db

URL = "/dashboard/"
H = timedelta(hours=1)


def _others_open_tasks(n: int, clock) -> None:
    """A colleague's requisitions with `n` open tasks of their HMs and their own."""
    other = UserFactory(roles=["recruiter"])
    requisitions = [RequisitionFactory(recruiter=other) for _ in range(5)]
    Task.objects.bulk_create(
        Task(
            requisition=requisition,
            owner=requisition.hiring_manager if i % 2 else other,
            kind="other",
            title=f"Someone else's duty {i}",
            due_at=clock.now + (i % 48 - 24) * H,
        )
        for i in range(n)
        for requisition in [requisitions[i % 5]]
    )


def _sql(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return [query["sql"] for query in queries]


@pytest.fixture
def my_day(requisition, recruiter, hiring_manager, clock):
    """My requisition with a duty of its HM (waiting on them) and one of mine."""
    TaskFactory(application__requisition=requisition, owner=hiring_manager, due_at=clock.now - H)
    TaskFactory(application__requisition=requisition, owner=recruiter, due_at=clock.now + H)
    return requisition


def test_other_recruiters_open_tasks_change_no_query_of_my_dashboard(
    my_day, client_for, recruiter, hiring_manager, clock
):
    mine, his = client_for(recruiter), client_for(hiring_manager)
    before = (_sql(mine), _sql(his))
    _others_open_tasks(500, clock)
    assert (_sql(mine), _sql(his)) == before


def test_waiting_on_hiring_managers_lists_only_my_requisitions_hm_duties(
    my_day, recruiter, hiring_manager, clock
):
    _others_open_tasks(50, clock)
    waiting = dashboard.waiting_on_hiring_managers(recruiter)
    assert [(t.owner, t.requisition) for t in waiting] == [(hiring_manager, my_day)]
    assert waiting[0].overdue


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_waiting_on_hiring_managers_reads_through_the_open_task_index(my_day, recruiter, clock):
    _others_open_tasks(5000, clock)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE workflows_task")
    with CaptureQueriesContext(connection) as queries:
        dashboard.waiting_on_hiring_managers(recruiter)
    sql = queries.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "task_open_by_req_owner_idx" in plan, plan
    assert "Seq Scan on workflows_task" not in plan, plan
