"""demo.pipeline: applications in every state on the manager's open requisitions."""

from workflows.models import Application


def test_the_seed_puts_applications_in_every_state(demo_data):
    states = set(Application.objects.values_list("state", flat=True))
    assert states == set(Application.State.values)
