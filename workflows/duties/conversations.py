"""Writing to a candidate: a draft from a template, send now or at a time, cancel until then.

Every email goes through the outbox (`conversation_message` template: what the person wrote,
with the consent footer), carries the conversation's reply address and threading headers, and
is journaled on the profile with its delivery status. Sending in a conversation answers the
candidate: the "answer the candidate" duties their replies opened are complete.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ats.people import person_name
from ats.rules import may
from candidates.models import Candidate, JournalEntry, ReplyAttachment, ScheduledMessage
from notifications.models import EmailTemplate, OutboundMessage
from notifications.rendering import RenderedEmail, TemplateRenderError, render_email
from notifications.services import message_queue
from requisitions.models import Requisition
from workflows.duties.emails_conversations import COMPOSE_PREFIX
from workflows.duties.messaging import CANDIDATE_LINKS, when
from workflows.duties.services import tasks_complete
from workflows.duties.threads import conversation_threading
from workflows.models import Task

if TYPE_CHECKING:
    from django.contrib.auth.models import User

ENVELOPE = "conversation_message"
MAX_ATTACHMENT_BYTES = 15 * 1024 * 1024
SWEEP_BATCH = 200


def compose_templates() -> list[tuple[str, str]]:
    """(key, name) of the drafts offered on the compose page: the active `compose_*` rows, and
    the shipped ones no row exists for yet."""
    from notifications.defaults import DEFAULTS

    rows = {
        key: (name, active)
        for key, name, active in EmailTemplate.objects.filter(
            key__startswith=COMPOSE_PREFIX
        ).values_list("key", "name", "is_active")
    }
    offered = {key: name for key, (name, active) in rows.items() if active}
    for key, default in DEFAULTS.items():
        if key.startswith(COMPOSE_PREFIX) and key not in rows:
            offered[key] = default.name
    return sorted(offered.items(), key=lambda item: item[1])


def compose_context(
    *, candidate: Candidate, requisition: Requisition | None, by: User
) -> dict[str, Any]:
    """The variables a draft may use, filled for this candidate, requisition and writer."""
    context = {
        "candidate_first_name": candidate.first_name,
        "candidate_name": candidate.full_name,
        "requisition_title": requisition.title if requisition else "",
        "recruiter_name": person_name(requisition.recruiter if requisition else by),
        "hiring_manager_name": person_name(requisition.hiring_manager if requisition else None),
        "sender_name": person_name(by),
    }
    for provider in CANDIDATE_LINKS:
        context.update(provider(candidate))
    return context


def compose_draft(
    *, key: str, candidate: Candidate, requisition: Requisition | None, by: User
) -> RenderedEmail:
    """The draft `key` filled in; ValidationError for a key that is not a compose draft."""
    if key not in dict(compose_templates()):
        raise ValidationError({"template": "Choose one of the templates offered."})
    try:
        return render_email(
            key=key, context=compose_context(candidate=candidate, requisition=requisition, by=by)
        )
    except TemplateRenderError as error:
        raise ValidationError({"template": str(error)}) from error


def preview(*, candidate: Candidate, requisition: Requisition | None, subject: str, body: str):
    """What the candidate will receive: the envelope rendered around the words."""
    context = _envelope_context(candidate, requisition, subject, body)
    return render_email(key=ENVELOPE, context=context)


def _envelope_context(candidate, requisition, subject: str, body: str) -> dict[str, Any]:
    context: dict[str, Any] = {
        "candidate_first_name": candidate.first_name,
        "message_subject": subject,
        "message_body": body,
    }
    for provider in CANDIDATE_LINKS:
        context.update(provider(candidate))
    return context


@dataclass(frozen=True)
class Letter:
    """What a person wrote to a candidate, checked; sent now or kept until `send_at`."""

    candidate: Candidate
    requisition: Requisition | None
    by: Any
    subject: str
    body: str
    cc_user_ids: tuple[int, ...] = ()
    attach_resume: bool = False
    attachment_ids: tuple[int, ...] = ()
    template_key: str = ""


def _checked(letter: Letter) -> Letter:
    errors = {}
    if not may(letter.by, "candidates.write_to_candidate"):
        raise PermissionDenied("You may not write to candidates.")
    subject, body = " ".join(letter.subject.split()), letter.body.strip()
    if not subject:
        errors["subject"] = "Give the email a subject."
    if not body:
        errors["body"] = "Write the email first."
    if letter.candidate.email_undeliverable_at is not None:
        errors["__all__"] = (
            f"Emails to {letter.candidate.email} bounced: correct the address on the profile first."
        )
    if letter.attach_resume and not letter.candidate.resume:
        errors["attach_resume"] = "This candidate has no resume to attach."
    owned = set(
        ReplyAttachment.objects.filter(
            candidate=letter.candidate, pk__in=letter.attachment_ids
        ).values_list("pk", flat=True)
    )
    if owned != set(letter.attachment_ids):
        errors["attachments"] = "Attach only this candidate's own files."
    if errors:
        raise ValidationError(errors)
    return Letter(**{**letter.__dict__, "subject": subject[:300], "body": body})


def _attachments(letter: Letter) -> list[dict[str, Any]]:
    files = []
    if letter.attach_resume and letter.candidate.resume:
        with letter.candidate.resume.open("rb") as handle:
            files.append((letter.candidate.resume_filename or "resume", handle.read()))
    for attachment in ReplyAttachment.objects.filter(pk__in=letter.attachment_ids):
        with attachment.file.open("rb") as handle:
            files.append((attachment.filename, handle.read()))
    if sum(len(content) for _, content in files) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachments": "The attachments are larger than 15 MB together."})
    return [
        {"filename": name, "mimetype": _mimetype(name), "content": content}
        for name, content in files
    ]


def _mimetype(name: str) -> str:
    import mimetypes

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _cc_addresses(ids: Iterable[int]) -> tuple[str, ...]:
    users = get_user_model().objects.filter(pk__in=list(ids), is_active=True).exclude(email="")
    return tuple(users.values_list("email", flat=True))


def _deliver(letter: Letter, *, key: str) -> OutboundMessage:
    """Queue the letter in the outbox, journal it, and close the duties it answers."""
    candidate = letter.candidate
    requisition_id = letter.requisition.pk if letter.requisition else None
    message, created = message_queue(
        template_key=ENVELOPE,
        to=candidate.email,
        to_name=candidate.full_name,
        context=_envelope_context(candidate, letter.requisition, letter.subject, letter.body),
        idempotency_key=key,
        concerns_requisition=requisition_id,
        concerns_candidate=candidate.pk,
        attachments=_attachments(letter),
        threading=conversation_threading(
            candidate.pk, requisition_id, cc=_cc_addresses(letter.cc_user_ids)
        ),
    )
    if created:
        JournalEntry.objects.create(
            candidate=candidate,
            requisition=letter.requisition,
            kind=JournalEntry.Kind.EMAIL,
            actor=letter.by,
            summary=f"Email to the candidate: {message.subject}"[:300],
            body=message.text_body,
            message=message,
        )
        reply_duties_complete(candidate=candidate, requisition=letter.requisition)
    return message


def reply_duties_complete(*, candidate: Candidate, requisition: Requisition | None) -> int:
    """The candidate got an answer: their open "answer the candidate" duties (of this
    requisition's conversation, or of any when the answer concerns none) are done."""
    return tasks_complete(
        kinds=[Task.Kind.CANDIDATE_REPLY], candidate=candidate, requisition=requisition
    )


@dataclass(frozen=True)
class Sent:
    message: OutboundMessage | None = None
    scheduled: ScheduledMessage | None = None


@transaction.atomic
def conversation_message_send(
    *,
    candidate: Candidate,
    by: User,
    subject: str,
    body: str,
    requisition: Requisition | None = None,
    cc_user_ids: Iterable[int] = (),
    attach_resume: bool = False,
    attachment_ids: Iterable[int] = (),
    template_key: str = "",
    send_at: datetime | None = None,
) -> Sent:
    """Write to `candidate` (about `requisition`, or none): now, or at `send_at` (a beat sweep
    sends it; `scheduled_message_cancel` stops it until then). ValidationError keyed by field
    for what must change (no subject, an address that bounced, someone else's file, a time in
    the past)."""
    letter = _checked(
        Letter(
            candidate=candidate,
            requisition=requisition,
            by=by,
            subject=subject,
            body=body,
            cc_user_ids=tuple(cc_user_ids),
            attach_resume=attach_resume,
            attachment_ids=tuple(attachment_ids),
            template_key=template_key,
        )
    )
    if send_at is None:
        return Sent(message=_deliver(letter, key=f"{ENVELOPE}:{uuid.uuid4().hex}"))
    if send_at <= timezone.now():
        raise ValidationError({"send_at": "Choose a time in the future, or send it now."})
    scheduled = ScheduledMessage.objects.create(
        candidate=candidate,
        requisition=requisition,
        author=by,
        template_key=template_key,
        subject=letter.subject,
        body=letter.body,
        cc_user_ids=list(letter.cc_user_ids),
        attach_resume=attach_resume,
        attachment_ids=list(letter.attachment_ids),
        send_at=send_at,
    )
    JournalEntry.objects.create(
        candidate=candidate,
        requisition=requisition,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=f"Email scheduled for {when(send_at)}: {letter.subject}"[:300],
    )
    return Sent(scheduled=scheduled)


@transaction.atomic
def scheduled_message_cancel(*, scheduled: ScheduledMessage, by: User) -> ScheduledMessage:
    """Stop a scheduled email before it leaves (ValidationError once it has gone)."""
    if not may(by, "candidates.write_to_candidate"):
        raise PermissionDenied("You may not write to candidates.")
    locked = ScheduledMessage.objects.select_for_update().get(pk=scheduled.pk)
    if not locked.pending:
        raise ValidationError("This email has already been sent or cancelled.")
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["cancelled_at"])
    JournalEntry.objects.create(
        candidate=locked.candidate,
        requisition=locked.requisition,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=f"Scheduled email cancelled: {locked.subject}"[:300],
    )
    return locked


@transaction.atomic
def scheduled_messages_send(*, limit: int = SWEEP_BATCH) -> int:
    """Every minute (beat): send each scheduled email whose time has come, once (the row is
    claimed, and its outbox key is the row's). Returns how many were handled."""
    now = timezone.now()
    due = list(
        ScheduledMessage.objects.filter(
            sent_at__isnull=True, cancelled_at__isnull=True, send_at__lte=now
        )
        .select_related("candidate", "requisition", "author")
        .select_for_update(skip_locked=True, of=("self",))
        .order_by("send_at")[:limit]
    )
    for scheduled in due:
        letter = Letter(
            candidate=scheduled.candidate,
            requisition=scheduled.requisition,
            by=scheduled.author,
            subject=scheduled.subject,
            body=scheduled.body,
            cc_user_ids=tuple(scheduled.cc_user_ids),
            attach_resume=scheduled.attach_resume and bool(scheduled.candidate.resume),
            attachment_ids=tuple(scheduled.attachment_ids),
        )
        # An address that bounced since, or a candidate erased since (the words are blanked):
        # the email does not leave, and the row says so.
        if scheduled.candidate.email_undeliverable_at is not None or not scheduled.body:
            scheduled.cancelled_at = now
            scheduled.save(update_fields=["cancelled_at"])
            continue
        scheduled.message = _deliver(letter, key=f"{ENVELOPE}:scheduled:{scheduled.pk}")
        scheduled.sent_at = now
        scheduled.save(update_fields=["message", "sent_at"])
    return len(due)
