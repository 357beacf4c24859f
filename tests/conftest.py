"""Personas shared by every test (STYLE.md): recruiter, hiring manager, another HM, admin."""

import os
from datetime import datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from ats.celery import app
from tests.factories import AdminFactory, HiringManagerFactory, RecruiterFactory, UserFactory

PASSWORD = "correct horse battery staple"

# Skip reasons of the tests that prove a guarantee only a real service can show (Redis, row locks).
GUARANTEE_SKIPS = ("needs REDIS_URL", "PostgreSQL")


def pytest_terminal_summary(terminalreporter):
    """One line naming the guarantee tests this run skipped, and what would run them."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if any(reason in str(report.longrepr) for reason in GUARANTEE_SKIPS)
    ]
    if skipped:
        files = sorted({report.nodeid.split("::")[0] for report in skipped})
        terminalreporter.write_line(
            f"{len(skipped)} guarantee tests skipped (they need PostgreSQL and Redis: set "
            f"DATABASE_URL and REDIS_URL as README says): {', '.join(files)}",
            yellow=True,
        )


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


# --- the demo, seeded once per session -----------------------------------------------------------

# What `dumpdata` leaves out of the snapshot: rows Django makes itself in every test database.
SNAPSHOT_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


class _Rollback(Exception):
    """Raised to roll the seeding back once its snapshot is written."""


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """A fixture file of everything `seed_demo` makes, seeded once per test process.

    Seeding runs the real services under a mocked clock (seconds); loading its snapshot is a
    fraction of that. The seeding is rolled back, so no other test sees demo rows.
    """
    path = tmp_path_factory.mktemp("demo") / "demo.json"
    with django_db_blocker.unblock(), open(os.devnull, "w") as devnull:
        # Models that tests declare for themselves (no table) are not part of the demo.
        tables = set(connection.introspection.table_names())
        without_table = [
            model._meta.label for model in apps.get_models() if model._meta.db_table not in tables
        ]
        try:
            with transaction.atomic():
                call_command("seed_demo", stdout=devnull)
                call_command(
                    "dumpdata",
                    natural_foreign=True,
                    exclude=[*SNAPSHOT_EXCLUDES, *without_table],
                    output=str(path),
                    verbosity=0,
                )
                raise _Rollback
        except _Rollback:
            pass
    return path


def load_demo(snapshot) -> None:
    call_command("loaddata", str(snapshot), verbosity=0)


@pytest.fixture
def demo_data(db, demo_snapshot):
    """Everything `seed_demo` makes (accounts, requisitions, candidates, months of history)."""
    load_demo(demo_snapshot)
