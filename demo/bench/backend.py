"""What the worker does, timed in-process: the SLA sweeps and the outbox's delivery rate.

Both look only at the bench's own rows. The sweep runs inside a transaction that is rolled back
(so the due tasks stay due for the next round and no email leaves); any task already due that is
not the bench's (the demo's history leaves some) is set aside inside that transaction first, so
the sweep finds exactly the bench's `due` tasks on any database.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from notifications.models import OutboundMessage
from notifications.services import DELIVERY_BATCH
from notifications.tasks import deliver_messages
from workflows.duties import sweeps
from workflows.models import Task

BENCH_KEY_PREFIX = "bench:"


class _Rollback(Exception):
    pass


def _set_aside_others_due(task_requisitions: list[int]) -> None:
    """Inside the sweep's transaction only: mark every other due task as already handled."""
    now = timezone.now()
    lead = timedelta(hours=settings.TANDEM_TASK_REMINDER_HOURS)
    others = Task.objects.filter(completed_at__isnull=True).exclude(
        requisition_id__in=task_requisitions, application__isnull=True
    )
    others.filter(reminded_at__isnull=True, due_at__lte=now + lead).update(reminded_at=now)
    others.filter(escalated_at__isnull=True, due_at__lte=now).update(escalated_at=now)


def sweep_once(task_requisitions: list[int], *, due: int) -> tuple[float, int, int]:
    """Milliseconds for the reminder and escalation sweeps over `due` due tasks among all the
    open ones, how many of the bench's tasks they escalated and how many emails they queued
    (then all rolled back)."""
    mine = Task.objects.filter(requisition_id__in=task_requisitions, application__isnull=True)
    messages = OutboundMessage.objects.filter(concerns_requisition__in=task_requisitions)
    try:
        with transaction.atomic():
            _set_aside_others_due(task_requisitions)
            before = messages.count()
            started = time.perf_counter()
            sweeps.task_reminders_send(limit=due)
            sweeps.task_escalations_send(limit=due)
            elapsed = (time.perf_counter() - started) * 1000
            escalated = mine.filter(escalated_at__isnull=False).count()
            queued = messages.count() - before
            raise _Rollback
    except _Rollback:
        pass
    return elapsed, escalated, queued


def sweep_samples(task_requisitions: list[int], *, due: int, rounds: int) -> list[float]:
    """`rounds` timings of a sweep that escalates exactly the bench's `due` tasks."""
    samples = []
    for _ in range(rounds):
        elapsed, escalated, queued = sweep_once(task_requisitions, due=due)
        if escalated != due or queued < due:
            raise RuntimeError(
                f"the sweep escalated {escalated} of the bench's {due} due tasks "
                f"and queued {queued} emails"
            )
        samples.append(elapsed)
    return samples


def _queue(count: int, requisition_id: int) -> list[str]:
    now = timezone.now()
    rows = [
        OutboundMessage(
            to_address=f"candidate{n}@bench.example.org",
            to_name=f"Candidate {n}",
            from_address=settings.DEFAULT_FROM_EMAIL,
            template_key="application_received",
            subject="We received your application",
            text_body="Thank you for applying.\n" * 20,
            html_body="<p>Thank you for applying.</p>" * 20,
            concerns_requisition=requisition_id,
            idempotency_key=f"{BENCH_KEY_PREFIX}{uuid.uuid4()}",
            next_attempt_at=now + timedelta(minutes=2),
        )
        for n in range(count)
    ]
    OutboundMessage.objects.bulk_create(rows, batch_size=1000)
    return [str(row.pk) for row in rows]


@contextmanager
def _quiet(*names: str) -> Iterator[None]:
    """A line per delivered message is no use here; the loggers are as they were afterwards."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _deliver_in_batches(ids: list[str]) -> None:
    """As the outbox dispatches them: the delivery task, one batch at a time."""
    for start in range(0, len(ids), DELIVERY_BATCH):
        deliver_messages.apply(args=[ids[start : start + DELIVERY_BATCH]])


def outbox_run(count: int, *, requisition_id: int, redeliver: int = 1000) -> tuple[float, int]:
    """Messages per second one worker delivers to the locmem backend (the batch delivery task,
    run as the worker runs it), and the duplicates sent when `redeliver` of them are delivered again
    (a task redelivered after a lost worker). The bench's messages are deleted afterwards."""
    OutboundMessage.objects.filter(idempotency_key__startswith=BENCH_KEY_PREFIX).delete()
    ids = _queue(count, requisition_id)
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    try:
        with override_settings(EMAIL_BACKEND=locmem), _quiet("celery.app.trace", "notifications"):
            mail.outbox = []
            started = time.perf_counter()
            _deliver_in_batches(ids)
            elapsed = time.perf_counter() - started
            _deliver_in_batches(ids[:redeliver])
            sent = OutboundMessage.objects.filter(pk__in=ids, status="sent").count()
            duplicates = len(mail.outbox) - sent
    finally:
        OutboundMessage.objects.filter(pk__in=ids).delete()
    if sent != count:
        raise RuntimeError(f"the worker sent {sent} of {count} messages")
    return sent / elapsed, duplicates
