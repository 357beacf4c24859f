"""Celery tasks of the workflows app: beat sweeps that call services (idempotent, no countdowns)."""

from celery import shared_task

from workflows.interviews import interviews_complete_past


@shared_task(name="workflows.tasks.complete_past_interviews", acks_late=True)
def complete_past_interviews() -> int:
    """Every minute (beat): mark held the scheduled interviews whose end has passed, which
    creates each interviewer's feedback task and prompts them."""
    return interviews_complete_past()
