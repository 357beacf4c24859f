from celery import shared_task

from ats.logs import logged_sweep
from ats.media import orphan_files_delete
from ats.models import WORKER_HEARTBEAT
from ats.services import heartbeat_record


@shared_task(name="ats.tasks.record_heartbeat")
@logged_sweep
def record_heartbeat(name: str = WORKER_HEARTBEAT) -> int:
    """Store that a worker ran a task just now; returns the number of beats recorded so far."""
    return heartbeat_record(name=name).beats


@shared_task(name="ats.tasks.delete_orphan_files")
@logged_sweep
def delete_orphan_files() -> int:
    """Hourly (TANDEM_PERIODIC_TASKS): delete uploaded files no row references (a crashed or
    rolled-back upload); returns how many."""
    return orphan_files_delete()
