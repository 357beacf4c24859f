"""`python manage.py bench_sla` (part of make bench): the SLA sweeps and the outbox, timed.

- The reminder + escalation sweeps over TASKS open tasks of which DUE are due (generated once in
  SQL, reused on the next run). Each timed run happens in a transaction that is rolled back, so
  the due tasks stay due and no email leaves; a second sweep in the same transaction, with
  nothing left due, shows the cost of a sweep that finds nothing among all the open tasks.
- Outbox throughput: MESSAGES queued rows delivered in batches by the delivery task, run
  in-process as a worker would run it, to the locmem email backend (then deleted).

Prints a line naming the database and sizes, then `name: value unit` lines.
"""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from notifications.models import OutboundMessage
from notifications.services import DELIVERY_BATCH
from notifications.tasks import deliver_messages
from requisitions.models import Requisition
from workflows.duties import sweeps
from workflows.models import Task

BENCH_SLUG = "bench-sla-sweeps"


class Rollback(Exception):
    pass


def _median(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[len(ordered) // 2]


class Command(BaseCommand):
    help = "Time the SLA sweeps over many open tasks, and the outbox's delivery throughput."

    def add_arguments(self, parser):
        parser.add_argument("--tasks", type=int, default=1_000_000)
        parser.add_argument("--due", type=int, default=1_000)
        parser.add_argument("--messages", type=int, default=2_000)
        parser.add_argument("--runs", type=int, default=5)

    def handle(self, *args, tasks: int, due: int, messages: int, runs: int, **options):
        requisition = self._requisition()
        self._ensure_tasks(requisition, total=tasks, due=due)
        open_tasks = Task.objects.open().count()
        self.stdout.write(
            f"database: {connection.vendor} {connection.settings_dict['NAME']}; "
            f"open tasks: {open_tasks}; due: {due}; messages: {messages}; runs: {runs}"
        )
        due_times, idle_times = [], []
        for _ in range(runs):
            due_ms, idle_ms = self._sweep_once(due)
            due_times.append(due_ms)
            idle_times.append(idle_ms)
        self.stdout.write(f"sla_sweep_{due}_due_p50: {_median(due_times):.1f} ms")
        self.stdout.write(f"sla_sweep_nothing_due_p50: {_median(idle_times):.1f} ms")
        rate = self._outbox_throughput(requisition, messages)
        self.stdout.write(f"outbox_throughput: {rate:.0f} messages/s")

    # --- data ---------------------------------------------------------------------------------

    def _requisition(self) -> Requisition:
        users = get_user_model().objects
        owner, _ = users.get_or_create(username="bench-sla-owner", defaults={"email": ""})
        manager, _ = users.get_or_create(
            username="bench-sla-manager", defaults={"email": "bench-manager@example.org"}
        )
        requisition = Requisition.objects.filter(slug=BENCH_SLUG).first()
        return requisition or Requisition.objects.create(
            title="Bench: SLA sweeps",
            slug=BENCH_SLUG,
            department="Engineering",
            location="Berlin",
            hiring_manager=manager,
            recruiter=owner,
        )

    def _ensure_tasks(self, requisition: Requisition, *, total: int, due: int) -> None:
        existing = Task.objects.filter(requisition=requisition).count()
        if existing == total:
            return
        Task.objects.filter(requisition=requisition).delete()
        self.stdout.write(f"generating {total} open tasks ({due} due) …")
        now = timezone.now()
        adapt = connection.ops.adapt_datetimefield_value
        params = [
            requisition.pk,
            requisition.recruiter_id,
            due,
            adapt(now - timedelta(hours=1)),
            adapt(now + timedelta(days=3650)),
            adapt(now),
        ]
        table = Task._meta.db_table
        columns = "requisition_id, owner_id, kind, title, due_at, blocking, created_at"
        select = (
            "SELECT %s, %s, 'other', 'Bench task', "
            "CASE WHEN i <= %s THEN %s ELSE %s END, {false}, %s"
        )
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) "
                    + select.format(false="false")
                    + " FROM generate_series(1, %s) AS i",
                    [*params, total],
                )
            else:
                cursor.execute(
                    "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < %s) "
                    f"INSERT INTO {table} ({columns}) " + select.format(false="0") + " FROM s",
                    [total, *params],
                )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {table}")

    # --- figures ------------------------------------------------------------------------------

    def _sweep_once(self, due: int) -> tuple[float, float]:
        try:
            with transaction.atomic():
                started = time.perf_counter()
                sweeps.task_reminders_send(limit=due)
                sweeps.task_escalations_send(limit=due)
                due_ms = (time.perf_counter() - started) * 1000
                started = time.perf_counter()
                assert sweeps.task_reminders_send(limit=due) == 0
                assert sweeps.task_escalations_send(limit=due) == 0
                idle_ms = (time.perf_counter() - started) * 1000
                raise Rollback
        except Rollback:
            pass
        return due_ms, idle_ms

    def _outbox_throughput(self, requisition: Requisition, count: int) -> float:
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        logging.getLogger("celery.app.trace").setLevel(logging.WARNING)
        now = timezone.now()
        rows = [
            OutboundMessage(
                to_address=f"candidate{n}@bench.example.org",
                to_name=f"Candidate {n}",
                from_address=settings.DEFAULT_FROM_EMAIL,
                template_key="application_received",
                subject="We received your application for Bench",
                text_body="Thank you for applying.\n" * 20,
                html_body="<p>Thank you for applying.</p>" * 20,
                concerns_requisition=requisition.pk,
                idempotency_key=f"bench:{uuid.uuid4()}",
                next_attempt_at=now + timedelta(minutes=2),
            )
            for n in range(count)
        ]
        OutboundMessage.objects.bulk_create(rows, batch_size=1000)
        ids = [str(row.pk) for row in rows]
        try:
            started = time.perf_counter()
            for start in range(0, len(ids), DELIVERY_BATCH):  # as the outbox dispatches them
                deliver_messages.apply(args=[ids[start : start + DELIVERY_BATCH]])
            elapsed = time.perf_counter() - started
            sent = OutboundMessage.objects.filter(pk__in=ids, status="sent").count()
        finally:
            OutboundMessage.objects.filter(pk__in=ids).delete()
        return sent / elapsed
