"""Fault tests on the real Redis (REDIS_URL, as in CI): a broker outage at commit, and a worker
killed in the middle of a batch. Nothing is lost and, here, nothing is sent twice.

The one window where an email can go out twice is documented in notifications/services.py: the
ESP accepted a message and the worker died before recording `sent`; the sweep then sends it
again (at-least-once by design). The kill below lands while a send is in progress, before the
ESP accepted it — the case that must not lose the message nor duplicate it.
"""

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connection, transaction
from django.urls import reverse
from kombu import pools

from ats.celery import app
from notifications.models import OutboundMessage
from notifications.services import QUEUED_GRACE, SENDING_TIMEOUT, message_queue, messages_requeue

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)"),
]

ROOT = Path(__file__).resolve().parents[2]


def _wait(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def _reset_broker_connections():
    """Forget every broker connection and producer pool, so the next publish connects anew."""
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where no broker listens; `.restore()` brings it back."""
    good = app.conf.broker_url

    class Outage:
        def restore(self):
            app.conf.broker_url = good
            _reset_broker_connections()

    _reset_broker_connections()
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    outage = Outage()
    yield outage
    outage.restore()


def _queue(n: int) -> OutboundMessage:
    with transaction.atomic():
        message, _ = message_queue(
            template_key="application_received",
            to=f"candidate{n}@example.org",
            context={"candidate_first_name": "Grace", "requisition_title": "Backend Engineer"},
            idempotency_key=f"fault-test:{n}",
        )
    return message


@pytest.mark.django_db(transaction=True)
def test_a_request_that_commits_while_the_broker_is_down_succeeds_and_is_delivered_later(
    broker_down, client, admin_user, clock
):
    message = _queue(1)  # delivered? no: the broker is down, it stays queued
    OutboundMessage.objects.filter(pk=message.pk).update(status="failed", attempts=5)
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:notifications_outboundmessage_changelist"),
        {"action": "deliver_again", "_selected_action": [str(message.pk)]},
    )
    assert response.status_code == 302  # the page succeeded although no task could be sent
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("queued", 0)

    broker_down.restore()
    mail.outbox = []
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        clock.advance(QUEUED_GRACE + timedelta(seconds=1))
        assert messages_requeue() == 1  # the beat sweep finds the row and dispatches it
        assert _wait(lambda: OutboundMessage.objects.get(pk=message.pk).status == "sent")
    assert [email.to for email in mail.outbox] == [["candidate1@example.org"]]


def _worker(log: Path) -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.workflows.worker_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "TANDEM_TEST_MAIL_LOG": str(log),
    }
    return subprocess.Popen(
        [
            sys.executable,
            *("-m", "celery", "-A", "ats", "worker", "--pool=solo", "--loglevel=WARNING"),
            *("--without-mingle", "--without-gossip", "--without-heartbeat"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the worker subprocess needs a database it can share (PostgreSQL)",
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_sends_each_once(
    tmp_path, clock
):
    app.control.purge()
    log = tmp_path / "delivered.log"
    started = Path(f"{log}.started")
    messages = [_queue(n) for n in range(8)]

    first = _worker(log)
    try:
        # Kill it (SIGKILL: no cleanup) while it is sending the 4th message.
        assert _wait(lambda: len(_lines(started)) == 4 and len(_lines(log)) == 3, 60)
        first.kill()
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    in_flight = _lines(started)[3]
    assert in_flight not in _lines(log)
    stuck = OutboundMessage.objects.get(to_address=in_flight)
    assert stuck.status == "sending"

    second = _worker(log)
    try:
        assert _wait(lambda: len(_lines(log)) == 7, 60)  # the rest of the batch
        clock.advance(SENDING_TIMEOUT + timedelta(minutes=1))
        assert messages_requeue() == 1  # the dead worker's message goes back to the queue
        assert _wait(
            lambda: OutboundMessage.objects.filter(status="sent").count() == len(messages), 60
        )
        time.sleep(1)  # anything sent twice would show up now
    finally:
        second.terminate()
        second.wait(20)
    delivered = _lines(log)
    assert sorted(delivered) == sorted(m.to_address for m in messages)
    assert len(set(delivered)) == len(delivered)
    assert OutboundMessage.objects.get(pk=stuck.pk).attempts == 2
