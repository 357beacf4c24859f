"""The reminder and escalation sweeps queue their messages in bulk: the same messages, to the
same people, once each, as queueing them one at a time would — in a fixed number of queries
whatever the number of due tasks."""

import logging
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from ats.logs import logged_sweep
from notifications.models import EmailTemplate, OutboundMessage
from tests.factories import RequisitionFactory, TaskFactory, UserFactory
from workflows.duties import sweeps
from workflows.duties.messaging import user_message_queue
from workflows.models import Task

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)
FIELDS = (
    "idempotency_key",
    "template_key",
    "to_address",
    "to_name",
    "subject",
    "text_body",
    "html_body",
    "concerns_requisition",
    "concerns_candidate",
    "attachments",
)


class Rollback(Exception):
    pass


def _outbox() -> set[tuple]:
    return {(*row[:-1], repr(row[-1])) for row in OutboundMessage.objects.values_list(*FIELDS)}


def _one_at_a_time(tasks, *, escalate: bool) -> set[tuple]:
    """What queueing each message alone (the sweeps before bulk) writes, rolled back."""
    try:
        with transaction.atomic():
            for task in Task.objects.filter(pk__in=[t.pk for t in tasks]).select_related(
                "owner", "requisition__recruiter", "requisition__hiring_manager"
            ):
                people = sweeps.escalation_recipients(task) if escalate else [task.owner]
                for person in people:
                    key = "task_escalation" if escalate else "task_reminder"
                    user_message_queue(
                        user=person,
                        template_key=key,
                        idempotency_key=f"{key}:task:{task.pk}"
                        + (f":user:{person.pk}" if escalate else ""),
                        context=sweeps._task_context(task, for_owner=person.pk == task.owner_id),
                        requisition_id=task.requisition_id,
                    )
            written = _outbox()
            raise Rollback
    except Rollback:
        return written


@pytest.fixture
def due_tasks(clock):
    def make(n: int, *, due_in: timedelta, kind="other"):
        requisition = RequisitionFactory()
        return [
            TaskFactory(
                application__requisition=requisition,
                kind=kind,
                due_at=clock.now + due_in,
                owner=UserFactory(first_name=f"Owner{i}"),
            )
            for i in range(n)
        ]

    return make


def test_bulk_reminders_write_the_messages_queueing_one_at_a_time_wrote(due_tasks):
    tasks = due_tasks(4, due_in=2 * H)
    expected = _one_at_a_time(tasks, escalate=False)
    assert sweeps.task_reminders_send() == 4
    assert _outbox() == expected and len(expected) == 4
    assert {row[2] for row in expected} == {t.owner.email for t in tasks}


def test_bulk_escalations_write_the_messages_queueing_one_at_a_time_wrote(due_tasks):
    tasks = due_tasks(3, due_in=-2 * H) + due_tasks(2, due_in=-1 * H, kind="feedback")
    expected = _one_at_a_time(tasks, escalate=True)
    assert sweeps.task_escalations_send() == 5
    assert _outbox() == expected
    # the recruiter of each; for feedback, the HM too
    assert len(expected) == 3 + 2 * 2


def test_a_bulk_sweep_run_twice_sends_each_message_once(due_tasks, clock, mailoutbox):
    due_tasks(3, due_in=-2 * H)
    assert sweeps.task_escalations_send() == 3
    Task.objects.update(escalated_at=None)  # as if the first run's marks were lost
    assert sweeps.task_escalations_send() == 3
    assert OutboundMessage.objects.filter(template_key="task_escalation").count() == 3


def test_a_switched_off_milestone_is_left_out_of_the_bulk(due_tasks):
    EmailTemplate.objects.filter(key="task_reminder").update(is_active=False)
    due_tasks(2, due_in=2 * H)
    assert sweeps.task_reminders_send() == 2
    assert not OutboundMessage.objects.exists()
    assert Task.objects.filter(reminded_at__isnull=False).count() == 2


def test_a_sweep_costs_the_same_queries_for_one_due_task_and_for_thirty(
    due_tasks, django_assert_num_queries
):
    due_tasks(1, due_in=-2 * H)
    with CaptureQueriesContext(connection) as one:
        sweeps.task_escalations_send()
    due_tasks(30, due_in=-2 * H)  # one insert batch on SQLite too (its 999-parameter limit)
    with django_assert_num_queries(len(one.captured_queries)):
        assert sweeps.task_escalations_send() == 30
    assert OutboundMessage.objects.count() == 31


def test_the_sweep_still_logs_one_line_with_its_count(due_tasks, caplog):
    due_tasks(2, due_in=-2 * H)
    with caplog.at_level(logging.INFO, logger="tandem.sweeps"):
        assert logged_sweep(sweeps.task_escalations_send)() == 2
    [record] = [r for r in caplog.records if r.name == "tandem.sweeps"]
    assert (record.sweep, record.count) == ("workflows.duties.sweeps.task_escalations_send", 2)
