"""Celery tasks: deliver messages in batches; sweep the outbox for messages whose delivery was lost.

Delivery tasks go to the default queue; the sweeps to the `sweeps` queue (CELERY_TASK_ROUTES),
so a backlog of email never delays a reminder due now.
"""

from celery import shared_task
from django.db import DatabaseError

from ats.logs import logged_sweep
from notifications.services import messages_deliver, messages_requeue

DELIVERY_OPTIONS = {
    "acks_late": True,
    # Transient trouble reaching our own database: try again soon. Failures of the email backend
    # are not exceptions here: delivery records them on the row, and the sweep retries.
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(name="notifications.tasks.deliver_messages", **DELIVERY_OPTIONS)
def deliver_messages(message_ids: list[str]) -> dict[str, int]:
    """Send the outbox rows `message_ids` still queued, through one email connection; returns
    how many ended in each status."""
    counts: dict[str, int] = {}
    for message in messages_deliver(message_ids=message_ids):
        counts[message.status] = counts.get(message.status, 0) + 1
    return counts


@shared_task(name="notifications.tasks.deliver_message", **DELIVERY_OPTIONS)
def deliver_message(message_id: str) -> str:
    """Send the outbox row `message_id` if it is still queued; returns what became of it.

    Tasks queued before batching existed still run through here."""
    delivered = messages_deliver(message_ids=[message_id])
    return delivered[0].status if delivered else "skipped"


@shared_task(name="notifications.tasks.requeue_messages", acks_late=True)
@logged_sweep
def requeue_messages() -> int:
    """Every minute (beat): dispatch queued/failed-and-due messages, revive stale `sending` ones."""
    return messages_requeue()
