"""Celery tasks: deliver one message; sweep the outbox for messages whose delivery was lost."""

from celery import shared_task
from django.db import DatabaseError

from ats.logs import logged_sweep
from notifications.services import message_deliver, messages_requeue


@shared_task(
    name="notifications.tasks.deliver_message",
    acks_late=True,
    # Transient trouble reaching our own database: try again soon. Failures of the email backend
    # are not exceptions here: message_deliver records them on the row, and the sweep retries.
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def deliver_message(message_id: str) -> str:
    """Send the outbox row `message_id` if it is still queued; returns what became of it."""
    message = message_deliver(message_id=message_id)
    return message.status if message is not None else "skipped"


@shared_task(name="notifications.tasks.requeue_messages", acks_late=True)
@logged_sweep
def requeue_messages() -> int:
    """Every minute (beat): dispatch queued/failed-and-due messages, revive stale `sending` ones."""
    return messages_requeue()
