"""demo.pipeline: applications in every state on the manager's open requisitions, idempotent."""

import io

from django.core.management import call_command

from workflows.models import Application


def _seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_seed_puts_applications_in_every_state_and_runs_twice_safely(db):
    _seed()
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(Application.State.values)
    count = Application.objects.count()
    _seed()
    assert Application.objects.count() == count
