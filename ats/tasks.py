from celery import shared_task

from ats.services import heartbeat_record


@shared_task(name="ats.tasks.record_heartbeat")
def record_heartbeat(name: str = "worker") -> int:
    """Store that a worker ran a task just now; returns the number of beats recorded so far."""
    return heartbeat_record(name=name).beats
