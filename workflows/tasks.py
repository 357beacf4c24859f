"""Celery tasks: the sweeps beat runs every minute (workflows/sweeps.py, workflows/interviews.py).

Each takes no arguments and is idempotent, so acks_late redelivery and overlapping runs are safe;
each logs one line with what it handled and how long it took (ats.logs.logged_sweep).
"""

from celery import shared_task
from django.db import DatabaseError

from ats.logs import logged_sweep
from workflows.applications.closing import closing_duties_ensure
from workflows.duties import sweeps
from workflows.duties.conversations import scheduled_messages_send
from workflows.interviews.services import interviews_complete_past

SWEEP_OPTIONS = {
    "acks_late": True,
    "autoretry_for": (DatabaseError,),
    "retry_backoff": 5,
    "retry_backoff_max": 60,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(name="workflows.tasks.ensure_intake_duties", **SWEEP_OPTIONS)
@logged_sweep
def ensure_intake_duties() -> int:
    return sweeps.intake_duties_ensure()


@shared_task(name="workflows.tasks.ensure_closing_duties", **SWEEP_OPTIONS)
@logged_sweep
def ensure_closing_duties() -> int:
    """A filled or cancelled requisition's open applications: the recruiter's duty to close them."""
    return closing_duties_ensure()


@shared_task(name="workflows.tasks.send_task_reminders", **SWEEP_OPTIONS)
@logged_sweep
def send_task_reminders() -> int:
    return sweeps.task_reminders_send()


@shared_task(name="workflows.tasks.escalate_overdue_tasks", **SWEEP_OPTIONS)
@logged_sweep
def escalate_overdue_tasks() -> int:
    return sweeps.task_escalations_send()


@shared_task(name="workflows.tasks.send_screening_digests", **SWEEP_OPTIONS)
@logged_sweep
def send_screening_digests() -> int:
    return sweeps.screening_digests_send()


@shared_task(name="workflows.tasks.send_rejection_emails", **SWEEP_OPTIONS)
@logged_sweep
def send_rejection_emails() -> int:
    return sweeps.rejection_emails_send()


@shared_task(name="workflows.tasks.check_candidate_updates", **SWEEP_OPTIONS)
@logged_sweep
def check_candidate_updates() -> int:
    return sweeps.candidate_updates_check()


@shared_task(name="workflows.tasks.process_bounces", **SWEEP_OPTIONS)
@logged_sweep
def process_bounces() -> int:
    return sweeps.bounces_process()


@shared_task(name="workflows.tasks.complete_past_interviews", **SWEEP_OPTIONS)
@logged_sweep
def complete_past_interviews() -> int:
    """Mark held the scheduled interviews whose end has passed, which creates each
    interviewer's feedback task and prompts them."""
    return interviews_complete_past()


@shared_task(name="workflows.tasks.send_scheduled_messages", **SWEEP_OPTIONS)
@logged_sweep
def send_scheduled_messages() -> int:
    """Send the emails to candidates written for later whose time has come."""
    return scheduled_messages_send()
