"""workflows.demo: applications in every state on the manager's open requisitions, idempotent."""

import io

from django.core.management import call_command

from requisitions.models import Requisition
from tests.factories import CriterionFactory, RequisitionFactory
from workflows.models import Application


def _seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_without_an_open_requisition_the_seed_skips_gracefully(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "no open requisition for 'manager'" in out.getvalue()
    assert not Application.objects.exists()


def test_the_seed_puts_applications_in_every_state_and_runs_twice_safely(db):
    _seed()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    manager, recruiter = users.get(username="manager"), users.get(username="recruiter")
    main = RequisitionFactory(
        status="open", hiring_manager=manager, recruiter=recruiter, headcount=2
    )
    for n in range(3):
        CriterionFactory(requisition=main, kind="must_have", name=f"Must {n}")
    _seed()
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(Application.State.values)
    count = Application.objects.count()
    _seed()
    assert Application.objects.count() == count
    main.refresh_from_db()
    assert main.status == Requisition.Status.OPEN  # one hire, headcount two
