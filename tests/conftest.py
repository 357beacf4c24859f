"""Personas shared by every test (STYLE.md): recruiter, hiring manager, another HM, admin."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from ats.celery import app
from tests.factories import AdminFactory, HiringManagerFactory, RecruiterFactory, UserFactory

PASSWORD = "correct horse battery staple"


@pytest.fixture
def recruiter(db):
    return RecruiterFactory(first_name="Rita", last_name="Recruiter")


@pytest.fixture
def hiring_manager(db):
    return HiringManagerFactory(first_name="Hank", last_name="Manager")


@pytest.fixture
def other_hiring_manager(db):
    return HiringManagerFactory(first_name="Olga", last_name="Other")


@pytest.fixture
def admin_user(db):
    return AdminFactory(first_name="Ada", last_name="Admin")


@pytest.fixture
def user_without_role(db):
    return UserFactory()


@pytest.fixture
def client_for(client):
    """`client_for(user)`: a test client logged in as `user`."""

    def login(user):
        client.force_login(user)
        return client

    return login


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
