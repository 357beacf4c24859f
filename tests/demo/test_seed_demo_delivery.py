"""After `seed_demo`, the emails of the demo's story leave in batched delivery tasks (a hundred
messages a task), not one task each: on the demo's embedded broker a worker takes a few tasks
a second, so hundreds of single tasks kept the demo's email minutes late."""

import io
import math

from django.core.management import call_command

from notifications.models import OutboundMessage
from notifications.services import DELIVERY_BATCH
from notifications.tasks import deliver_messages


def test_seed_demo_dispatches_its_emails_in_batches_of_a_hundred(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    dispatched: list[list[str]] = []
    monkeypatch.setattr(deliver_messages, "delay", lambda ids: dispatched.append(ids))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    ids = {pk for batch in dispatched for pk in batch}
    queued = {
        str(pk)
        for pk in OutboundMessage.objects.filter(status="queued").values_list("pk", flat=True)
    }
    assert len(queued) > DELIVERY_BATCH
    assert queued <= ids <= {str(pk) for pk in OutboundMessage.objects.values_list("pk", flat=True)}
    assert len(dispatched) == math.ceil(len(ids) / DELIVERY_BATCH)
