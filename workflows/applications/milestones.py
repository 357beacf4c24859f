"""What an application's events start: duties (tasks with SLA clocks) and delayed messages.

Called by the services in workflows/services.py inside the event's own transaction, so the event,
its tasks and its scheduled rows commit or roll back together. The sweeps (workflows/sweeps.py)
do the rest when the time comes.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from candidates.models import JournalEntry
from requisitions.models import Duty
from workflows.duties.services import sla_due, task_ensure, tasks_complete
from workflows.interviews.services import interviews_cancel_for_application
from workflows.models import (
    ACTIVE_STATES,
    Application,
    ApplicationTransition,
    DispositionReason,
    Offer,
    RejectionNotice,
    Task,
)

State = Application.State
Group = DispositionReason.Group

# The rejection email each kind of ending gets (DispositionReason.Group → template key).
REJECTION_TEMPLATES = {
    Group.CANDIDATE_WITHDREW: "rejection_withdrawn_ack",
    Group.KNOCK_OUT: "rejection_knock_out",
    Group.WE_DECLINED: "rejection_we_declined",
    Group.OFFER_DECLINED: "rejection_withdrawn_ack",
    Group.OTHER: "rejection_we_declined",
}
# Duties that end with the application (the feedback tasks of held interviews stay open).
ENDED_WITH_APPLICATION = (Task.Kind.SCREENING, Task.Kind.REVIEW, Task.Kind.CANDIDATE_UPDATE)


def rejection_template(transition: str, reason: DispositionReason | None) -> str:
    if reason is not None:
        return REJECTION_TEMPLATES.get(reason.group, "rejection_we_declined")
    return "rejection_withdrawn_ack" if transition == "withdraw" else "rejection_we_declined"


def candidate_update_due(application: Application, *, start=None):
    return sla_due(application.requisition, Duty.CANDIDATE_UPDATE, start=start)


def after_create(application: Application) -> None:
    """A new application: the recruiter's first-screening duty and the candidate update clock."""
    requisition = application.requisition
    if requisition.recruiter_id:
        task_ensure(
            key=f"screening:application:{application.pk}",
            requisition=requisition,
            application=application,
            owner=requisition.recruiter,
            kind=Task.Kind.SCREENING,
            title=f"Screen {application.candidate.full_name}",
            due_at=sla_due(requisition, Duty.FIRST_SCREENING),
        )
    Application.objects.filter(pk=application.pk).update(
        contact_due_at=candidate_update_due(application)
    )


def after_screening(application: Application) -> None:
    """The screening form is complete: the first-screening duty is done."""
    tasks_complete(kinds=[Task.Kind.SCREENING], application=application)


def after_move(application: Application, move: ApplicationTransition) -> None:
    """Start and stop what a move means (called by application_move, in its transaction)."""
    now = timezone.now()
    if move.from_state == State.SHORTLISTED:
        # The HM decided (accept / decline), or the recruiter took it off the shortlist.
        tasks_complete(kinds=[Task.Kind.REVIEW], application=application)
    if move.transition == "shortlist":
        _review_duty_create(application, move)
    if move.to_state in (State.REJECTED, State.WITHDRAWN):
        tasks_complete(kinds=ENDED_WITH_APPLICATION, application=application)
        RejectionNotice.objects.create(
            application=application,
            move=move,
            template_key=rejection_template(move.transition, move.reason),
            due_at=now + timedelta(hours=settings.TANDEM_REJECTION_DELAY_HOURS),
        )
    if move.to_state == State.HIRED:
        tasks_complete(kinds=ENDED_WITH_APPLICATION, application=application)
    if move.to_state in (State.REJECTED, State.WITHDRAWN, State.HIRED):
        ended = move.get_to_state_display().lower()
        interviews_cancel_for_application(
            application=application, by=move.by, reason=f"The application was {ended}."
        )
    if move.to_state in (State.REJECTED, State.WITHDRAWN):
        _open_offers_withdraw(application, move)
    if move.transition == "reopen":
        RejectionNotice.objects.filter(
            application=application, sent_at__isnull=True, cancelled_at__isnull=True
        ).update(cancelled_at=now)
    contact_due_at = candidate_update_due(application) if move.to_state in ACTIVE_STATES else None
    if move.to_state not in ACTIVE_STATES or application.contact_due_at is None:
        Application.objects.filter(pk=application.pk).update(contact_due_at=contact_due_at)
        application.contact_due_at = contact_due_at


def _open_offers_withdraw(application: Application, move: ApplicationTransition) -> None:
    """The application ended: its open offer (if any) is withdrawn and journaled."""
    for offer in (
        Offer.objects.select_for_update(of=("self",)).open().filter(application=application)
    ):
        offer.withdraw()
        offer.save()
        JournalEntry.objects.create(
            candidate=application.candidate,
            requisition=application.requisition,
            kind=JournalEntry.Kind.SYSTEM,
            actor=move.by,
            summary=f"Offer withdrawn ({offer.summary}): the application was "
            f"{move.get_to_state_display().lower()}",
        )


def _review_duty_create(application: Application, move: ApplicationTransition) -> None:
    requisition = application.requisition
    window = timedelta(minutes=settings.TANDEM_DIGEST_WINDOW_MINUTES)
    task_ensure(
        key=f"review:application:{application.pk}:move:{move.pk}",
        requisition=requisition,
        application=application,
        owner=requisition.hiring_manager,
        kind=Task.Kind.REVIEW,
        title=f"Review {application.candidate.full_name} for {requisition.title}",
        due_at=sla_due(requisition, Duty.SHORTLIST_REVIEW),
        announce_at=timezone.now() + window,
    )


# --- the digest's one-click links -----------------------------------------------------------

DIGEST_LINK_SALT = "workflows.digest-link"


def digest_token(*, application: Application, user) -> str:
    """A signed, timestamped token naming the application and the HM it was sent to."""
    return signing.dumps({"a": application.pk, "u": user.pk}, salt=DIGEST_LINK_SALT, compress=True)


class DigestLinkExpired(Exception):
    pass


class DigestLinkInvalid(Exception):
    pass


def digest_token_read(token: str) -> tuple[int, int]:
    """(application id, user id) of a valid token; DigestLinkExpired / DigestLinkInvalid else."""
    max_age = timedelta(days=settings.TANDEM_DIGEST_LINK_DAYS)
    try:
        data = signing.loads(token, salt=DIGEST_LINK_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise DigestLinkExpired from error
    except signing.BadSignature as error:
        raise DigestLinkInvalid from error
    try:
        return int(data["a"]), int(data["u"])
    except (KeyError, TypeError, ValueError) as error:
        raise DigestLinkInvalid from error
