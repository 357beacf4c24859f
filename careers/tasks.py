from celery import shared_task

from ats.logs import logged_sweep
from careers.services import interview_surveys_send, retention_sweep


@shared_task
@logged_sweep
def sweep_retention() -> int:
    """Nightly (TANDEM_PERIODIC_TASKS): anonymise candidates whose retention period ended."""
    return retention_sweep()


@shared_task(acks_late=True)
@logged_sweep
def send_interview_surveys() -> int:
    """Every minute (TANDEM_PERIODIC_TASKS): the survey after a candidate's first interview."""
    return interview_surveys_send()
