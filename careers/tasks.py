from celery import shared_task

from careers.services import retention_sweep


@shared_task
def sweep_retention() -> int:
    """Nightly (TANDEM_PERIODIC_TASKS): anonymise candidates whose retention period ended."""
    return retention_sweep()
