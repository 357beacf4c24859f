"""Many applications at once, from the pipeline or the candidate list: one service call per action.

- `applications_bulk_move`: every selected application by one move (reject with one disposition
  reason, or any other move the guards allow). All or nothing: when a guard blocks one, nothing
  is moved and each blocked one is listed with its reason. A bulk reject writes in a constant
  number of statements however many it rejects (bulk inserts and updates): its journal entries,
  transition rows and delayed rejection emails, one each per application.
- `applications_bulk_email`: one template, personalised for each candidate, through the outbox.
- `applications_bulk_add`: the selected candidates into another requisition's pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ats.guards import transition_run
from ats.rules import may
from candidates.models import Candidate, JournalEntry
from notifications.selectors import email_template_is_active
from notifications.services import QueuedEmail, Threading, messages_queue_bulk
from requisitions.models import Requisition
from workflows.applications import milestones
from workflows.applications.moves import MOVES, Move
from workflows.applications.services import (
    MOVE_FIELDS,
    AlreadyInPipeline,
    MoveInputs,
    application_create,
    check_move,
    do_move,
    stage_inputs,
)
from workflows.duties.conversations import ENVELOPE, compose_draft
from workflows.duties.services import tasks_complete
from workflows.duties.threads import conversation_reply_to
from workflows.interviews.services import interviews_cancel_for_application
from workflows.models import (
    Application,
    ApplicationTransition,
    DispositionReason,
    Interview,
    Offer,
    RejectionNotice,
    Task,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import User

MAX_BATCH = 1000


@dataclass
class BulkResult:
    done: list[Application] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (whom, why)


class BulkBlocked(ValidationError):
    """Some selected applications may not move; `.blocked` lists (application, reasons)."""

    def __init__(self, blocked: list[tuple[Application, list[str]]]):
        self.blocked = blocked
        super().__init__(
            f"{len(blocked)} of the selected may not move; nothing was changed.", code="blocked"
        )


def _locked(requisition: Requisition, ids: Iterable[int]) -> list[Application]:
    ids = sorted(set(ids))
    if not ids:
        raise ValidationError("Select at least one candidate.")
    if len(ids) > MAX_BATCH:
        raise ValidationError(f"Select at most {MAX_BATCH} at once.")
    return list(
        Application.objects.select_for_update(of=("self",))
        .with_guard_facts()
        .filter(requisition=requisition, pk__in=ids)
        .select_related("candidate", "requisition")
        .order_by("pk")
    )


@transaction.atomic
def applications_bulk_move(
    *,
    requisition: Requisition,
    application_ids: Iterable[int],
    transition: str,
    by: User,
    reason: DispositionReason | None = None,
    note: str = "",
) -> BulkResult:
    """Move every selected application of `requisition` by `transition`, or none of them.

    Raises ValidationError (unknown move, nothing selected, a missing reason) or BulkBlocked
    listing each application a guard or its state keeps where it is."""
    move = MOVES.get(transition)
    if move is None or move.needs_feedback or move.name == "hire":
        raise ValidationError({"transition": "This move is made one candidate at a time."})
    if move.needs_reason and reason is None:
        raise ValidationError({"reason": "Choose a disposition reason."})
    inputs = MoveInputs(reason=reason, note=note).cleaned()
    applications = _locked(requisition, application_ids)
    checks, blocked = [], []
    for application in applications:
        stage_inputs(application, move, inputs)
        check = check_move(application, move=move, by=by, inputs=inputs)
        if (refusal := check.refusal()) is not None:
            blocked.append((application, _messages(refusal)))
        checks.append(check)
    if blocked:
        raise BulkBlocked(blocked)
    if move.name == "reject":
        _reject_all(applications, checks, move=move, by=by, inputs=inputs)
    else:
        for application, check in zip(applications, checks, strict=True):
            do_move(application, check=check, by=by, inputs=inputs)
    return BulkResult(done=applications)


def _messages(refusal: Exception) -> list[str]:
    if isinstance(refusal, ValidationError):
        return list(refusal.messages)
    return [str(refusal)]


def _reject_all(applications, checks, *, move: Move, by, inputs: MoveInputs) -> None:
    """`do_move` + `milestones.after_move` for a reject, in bulk statements: the states, the
    transition rows, the journal, the duties that end, the delayed rejection emails."""
    now = timezone.now()
    for application, check in zip(applications, checks, strict=True):
        transition_run(getattr(application, move.name), waived=check.waived)
        application.state_changed_at = now
        application.updated_at = now
        application.contact_due_at = None
    Application.objects.bulk_update(applications, [*MOVE_FIELDS, "contact_due_at"], batch_size=500)
    rows = ApplicationTransition.objects.bulk_create(
        [
            ApplicationTransition(
                application=application,
                transition=move.name,
                from_state=check.from_state,
                to_state=application.state,
                by=by,
                reason=inputs.reason,
                note=inputs.note,
                created_at=now,
            )
            for application, check in zip(applications, checks, strict=True)
        ],
        batch_size=500,
    )
    JournalEntry.objects.bulk_create(
        [
            _journal_entry(application, check, by=by, inputs=inputs)
            for application, check in zip(applications, checks, strict=True)
        ],
        batch_size=500,
    )
    tasks_complete(
        kinds=[*milestones.ENDED_WITH_APPLICATION, Task.Kind.REVIEW], applications=applications
    )
    due = now + timedelta(hours=settings.TANDEM_REJECTION_DELAY_HOURS)
    RejectionNotice.objects.bulk_create(
        [
            RejectionNotice(
                application=row.application,
                move=row,
                template_key=milestones.rejection_template(move.name, inputs.reason),
                due_at=due,
            )
            for row in rows
        ],
        batch_size=500,
    )
    _end_interviews_and_offers(applications, rows)


def _journal_entry(application, check, *, by, inputs: MoveInputs) -> JournalEntry:
    from_label = Application.State(check.from_state).label
    lines = [f"Reason: {inputs.reason}"] + ([f"Note: {inputs.note}"] if inputs.note else [])
    return JournalEntry(
        candidate=application.candidate,
        requisition=application.requisition,
        kind=JournalEntry.Kind.STAGE_MOVE,
        actor=by,
        summary=f"{check.move.label}: {from_label} → {application.get_state_display()} (bulk)",
        body="\n".join(lines),
    )


def _end_interviews_and_offers(applications, rows) -> None:
    """The few rejected applications with a scheduled interview or an open offer: each through
    the one-at-a-time path (two queries find them, whatever the batch's size)."""
    ids = [application.pk for application in applications]
    with_interviews = set(
        Interview.objects.filter(
            application__in=ids, status=Interview.Status.SCHEDULED
        ).values_list("application_id", flat=True)
    )
    with_offers = set(
        Offer.objects.open().filter(application__in=ids).values_list("application_id", flat=True)
    )
    moves = {row.application_id: row for row in rows}
    for application in applications:
        if application.pk in with_interviews:
            interviews_cancel_for_application(
                application=application,
                by=moves[application.pk].by,
                reason="The application was rejected.",
            )
        if application.pk in with_offers:
            milestones._open_offers_withdraw(application, moves[application.pk])


@transaction.atomic
def applications_bulk_email(
    *, candidates: Iterable[Candidate], by: User, template_key: str, requisition=None
) -> BulkResult:
    """Send the draft `template_key` to each candidate, filled in for them, in one batch through
    the outbox; each journaled. Candidates whose address bounced are skipped (and listed)."""
    if not may(by, "candidates.bulk_act_on_candidates"):
        raise PermissionDenied("You may not write to candidates.")
    if not email_template_is_active(ENVELOPE):
        raise ValidationError("Emails to candidates are switched off in admin.")
    result, emails, people = BulkResult(), [], []
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    for candidate in candidates:
        if candidate.email_undeliverable_at is not None:
            result.skipped.append((candidate.full_name, "their address bounced"))
            continue
        draft = compose_draft(key=template_key, candidate=candidate, requisition=requisition, by=by)
        emails.append(_bulk_email(candidate, requisition, draft, template_key, stamp))
        people.append(candidate)
    messages = {m.concerns_candidate: m for m in messages_queue_bulk(emails)}
    JournalEntry.objects.bulk_create(
        [
            JournalEntry(
                candidate=candidate,
                requisition=requisition,
                kind=JournalEntry.Kind.EMAIL,
                actor=by,
                summary=f"Email to the candidate: {messages[candidate.pk].subject}"[:300],
                body=messages[candidate.pk].text_body,
                message=messages[candidate.pk],
            )
            for candidate in people
            if candidate.pk in messages
        ],
        batch_size=500,
    )
    return result


def _bulk_email(candidate, requisition, draft, template_key: str, stamp: str) -> QueuedEmail:
    from workflows.duties.conversations import _envelope_context

    requisition_id = requisition.pk if requisition else None
    return QueuedEmail(
        template_key=ENVELOPE,
        to=candidate.email,
        to_name=candidate.full_name,
        context=_envelope_context(candidate, requisition, draft.subject, draft.text.strip()),
        idempotency_key=f"{ENVELOPE}:bulk:{template_key}:{candidate.pk}:{stamp}",
        concerns_requisition=requisition_id,
        concerns_candidate=candidate.pk,
        threading=Threading(reply_to=conversation_reply_to(candidate.pk, requisition_id)),
    )


@transaction.atomic
def applications_bulk_add(
    *, candidates: Iterable[Candidate], requisition: Requisition, by: User
) -> BulkResult:
    """Put each candidate into `requisition`'s pipeline; those already in it are listed."""
    if not may(by, "workflows.add_to_pipeline"):
        raise PermissionDenied("You may not add candidates to pipelines.")
    if requisition.status not in (
        Requisition.Status.DRAFT,
        Requisition.Status.OPEN,
        Requisition.Status.ON_HOLD,
    ):
        raise ValidationError("This requisition takes no new candidates.")
    result = BulkResult()
    for candidate in candidates:
        try:
            result.done.append(
                application_create(candidate=candidate, requisition=requisition, by=by)
            )
        except AlreadyInPipeline:
            result.skipped.append((candidate.full_name, "already in this pipeline"))
    return result
