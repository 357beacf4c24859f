"""Fixtures for the email machinery: tasks run in-process, a settable clock, ESP stand-ins."""

from datetime import datetime, timedelta

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from ats.celery import app


@pytest.fixture(autouse=True)
def celery_eager(request):
    """Run tasks in the test's own process (the real-worker tests opt out with @worker)."""
    if request.node.get_closest_marker("worker"):
        yield
        return
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False
    app.conf.task_eager_propagates = False


class Clock:
    """`timezone.now()` for the code under test: starts at the real now, moves when told."""

    def __init__(self):
        self.now = timezone.now()

    def advance(self, delta: timedelta) -> datetime:
        self.now += delta
        return self.now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("django.utils.timezone.now", clock)
    return clock


class BrokenBackend(EmailBackend):
    """An ESP that refuses every message (the SMTP server hung up)."""

    def send_messages(self, messages):
        raise ConnectionResetError("the mail server closed the connection")


class WorkerKilled(BaseException):
    """What a worker that dies mid-send looks like to the code around it: nothing comes back."""


class DyingBackend(EmailBackend):
    """The ESP accepts the message, then the worker is killed before recording the result."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


@pytest.fixture
def broken_esp(settings):
    settings.EMAIL_BACKEND = "tests.notifications.conftest.BrokenBackend"


@pytest.fixture
def message_args():
    """Arguments for message_queue: an application_received email to Grace."""

    def make(**overrides):
        args = {
            "template_key": "application_received",
            "to": "grace@example.org",
            "to_name": "Grace Hopper",
            "context": {
                "candidate_first_name": "Grace",
                "requisition_title": "Backend Engineer",
                "recruiter_name": "Rita Recruiter",
            },
            "idempotency_key": "application_received:application:1",
        }
        args.update(overrides)
        return args

    return make
