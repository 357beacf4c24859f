"""Applying while Redis is down: a cache or broker outage never costs a candidate's application.

Redis is "down" for real here: the cache and the broker point at a port where nothing listens
(the shared Redis server other tests use keeps running).
"""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from kombu import pools

from ats.celery import app
from candidates.models import Candidate
from notifications.models import OutboundMessage
from notifications.services import QUEUED_GRACE, messages_requeue
from tests.careers.conftest import apply_data
from workflows.models import Application

pytestmark = pytest.mark.django_db

CLOSED_PORT = "redis://127.0.0.1:6390/0"  # nothing listens here
REDIS_DOWN = {
    "default": {
        "BACKEND": settings.REDIS_CACHE_BACKEND,  # the cache as configured on Redis
        "LOCATION": CLOSED_PORT,
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}


def _reset_broker_connections():
    app.pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def broker_down():
    """Tasks go to the broker (not run in the test's process), which listens on the closed port,
    until `restore()`; then they run here again, as in the rest of the suite."""
    good, retry = app.conf.broker_url, app.conf.task_publish_retry
    _reset_broker_connections()
    app.conf.broker_url, app.conf.task_publish_retry = CLOSED_PORT, False
    app.conf.task_always_eager = False

    def restore():
        app.conf.broker_url, app.conf.task_publish_retry = good, retry
        app.conf.task_always_eager = True
        _reset_broker_connections()

    yield restore
    restore()


def test_with_redis_down_the_application_form_succeeds_and_the_email_goes_out_later(
    client, job, broker_down, django_capture_on_commit_callbacks, caplog, clock
):
    with (
        override_settings(CACHES=REDIS_DOWN),
        caplog.at_level(logging.WARNING),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/jobs/{job.slug}/apply/", apply_data())

    assert response.status_code == 302
    assert response.headers["Location"] == f"/jobs/{job.slug}/apply/thanks/"
    assert Candidate.objects.get().email == "grace@example.org"
    assert Application.objects.get().requisition == job
    assert "cache unreachable: add skipped" in caplog.text
    message = OutboundMessage.objects.get(template_key="application_received")
    assert message.status == "queued"  # the broker refused the task; the outbox keeps the email

    broker_down()  # Redis is back: the beat sweep dispatches what waited
    mail.outbox = []
    clock.advance(QUEUED_GRACE + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert messages_requeue() == 1
    assert [email.to for email in mail.outbox] == [["Grace Hopper <grace@example.org>"]]
