"""Two people move the same application at once: one wins, the other is told, nothing happens twice.

A real conflict needs two connections holding row locks: PostgreSQL (SQLite serialises writers on
the whole database, so there the stale-form check is tested in test_moves.py).
"""

import threading
import time

import pytest
from django.db import connection, transaction

from tests.factories import (
    CandidateFactory,
    CriterionFactory,
    DispositionReasonFactory,
    RecruiterFactory,
    RequisitionFactory,
)
from tests.workflows.conftest import complete_screening
from workflows.applications.services import (
    StaleApplication,
    TransitionBlocked,
    application_create,
    application_move,
)
from workflows.models import Application, ApplicationTransition

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def screened_application():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks across two connections")
    recruiter = RecruiterFactory(first_name="Rita", last_name="Recruiter")
    requisition = RequisitionFactory(status="open", recruiter=recruiter)
    CriterionFactory(requisition=requisition)
    app = application_create(candidate=CandidateFactory(), requisition=requisition, by=recruiter)
    app = application_move(application=app, transition="screen", by=recruiter)
    complete_screening(app, recruiter)
    return app, recruiter


def _run_race(app, first_move, second_move):
    """`first_move` takes the lock and holds it until `second_move` is waiting for it."""
    first_locked, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                first_move()
                first_locked.set()
                release.wait(10)
            outcome["first"] = "moved"
        finally:
            connection.close()

    def second():
        first_locked.wait(10)
        try:
            second_move()
            outcome["second"] = "moved"
        except (StaleApplication, TransitionBlocked) as error:
            outcome["second"] = error
        finally:
            outcome["second_done_at"] = time.monotonic()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_locked.wait(10)
    time.sleep(0.5)  # the second mover is now waiting on the row lock
    assert "second" not in outcome, "the second move must wait for the first one's lock"
    released_at = time.monotonic()
    release.set()
    for thread in threads:
        thread.join(15)
    assert outcome["second_done_at"] >= released_at
    return outcome


def test_a_concurrent_move_from_a_stale_form_loses_and_names_the_winner(screened_application):
    app, recruiter = screened_application
    colleague = RecruiterFactory(first_name="Carl", last_name="Colleague")
    reason = DispositionReasonFactory()

    outcome = _run_race(
        app,
        lambda: application_move(
            application=app, transition="shortlist", by=recruiter, expected_state="screening"
        ),
        lambda: application_move(
            application=app,
            transition="reject",
            by=colleague,
            reason=reason,
            expected_state="screening",
        ),
    )

    assert outcome["first"] == "moved"
    assert isinstance(outcome["second"], StaleApplication)
    assert str(outcome["second"]) == (
        "This candidate was just moved by Rita Recruiter; reload the page."
    )
    assert Application.objects.get(pk=app.pk).state == "shortlisted"
    assert list(
        ApplicationTransition.objects.filter(application=app).values_list("transition", flat=True)
    ) == ["screen", "shortlist"]


def test_the_same_move_made_twice_at_once_happens_once(screened_application):
    app, recruiter = screened_application
    colleague = RecruiterFactory()

    outcome = _run_race(
        app,
        lambda: application_move(application=app, transition="shortlist", by=recruiter),
        lambda: application_move(application=app, transition="shortlist", by=colleague),
    )

    assert isinstance(outcome["second"], TransitionBlocked)
    assert (
        ApplicationTransition.objects.filter(application=app, transition="shortlist").count() == 1
    )
