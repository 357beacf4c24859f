"""A candidate's email comes back: matched to its conversation, kept on the profile, owed.

Registered with notifications as the inbound handler. The match is, in order: the signed reply
address (`reply+<token>@INBOUND_DOMAIN`), the In-Reply-To / References headers naming one of
our emails to a candidate, the sender's address being exactly one candidate's. No match: the
handler declines and the email waits in the admin queue; nothing is attached to a guess.

A matched reply becomes a journal entry (what they wrote; quoted history and signature folded),
its attachments are kept when they pass the resume checks (a refused one leaves a note), and the
owner of the next step gets an "answer the candidate" duty with the agreed candidate-update SLA
(reminded and escalated by the usual sweeps) and an email.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from candidates.models import Candidate, JournalEntry, ReplyAttachment
from candidates.resumes import check_resume
from notifications.inbound import Inbound, InboundAttachment, inbound_handler_register
from notifications.models import InboundEmail
from requisitions.models import Duty, Requisition
from workflows.duties.messaging import absolute_url, user_message_queue, when
from workflows.duties.services import sla_due, task_ensure
from workflows.duties.threads import conversation_parse
from workflows.models import ACTIVE_STATES, Application, Task

MatchedBy = InboundEmail.MatchedBy


@dataclass(frozen=True)
class Match:
    candidate: Candidate
    requisition: Requisition | None
    by: str


def _by_reference(reference: str | None) -> Match | None:
    parsed = conversation_parse(reference)
    if parsed is None:
        return None
    candidate = Candidate.objects.filter(pk=parsed[0]).first()
    if candidate is None:
        return None
    requisition = Requisition.objects.filter(pk=parsed[1]).first() if parsed[1] else None
    return Match(candidate, requisition, MatchedBy.TOKEN)


def _by_headers(inbound: Inbound) -> Match | None:
    answered = inbound.answers
    if answered is None or answered.concerns_candidate is None:
        return None
    candidate = Candidate.objects.filter(pk=answered.concerns_candidate).first()
    if candidate is None:
        return None
    requisition = None
    if answered.concerns_requisition:
        requisition = Requisition.objects.filter(pk=answered.concerns_requisition).first()
    return Match(candidate, requisition, MatchedBy.HEADERS)


def _by_sender(address: str) -> Match | None:
    if not address:
        return None
    candidates = list(Candidate.objects.filter(email__iexact=address)[:2])
    if len(candidates) != 1:
        return None
    active = list(
        Application.objects.filter(candidate=candidates[0], state__in=ACTIVE_STATES)
        .select_related("requisition")
        .order_by("-state_changed_at")[:2]
    )
    requisition = active[0].requisition if len(active) == 1 else None
    return Match(candidates[0], requisition, MatchedBy.SENDER)


def reply_match(inbound: Inbound) -> Match | None:
    """Whose conversation an inbound email belongs to: token, then headers, then sender."""
    return (
        _by_reference(inbound.reference)
        or _by_headers(inbound)
        or _by_sender(inbound.email.from_address)
    )


@inbound_handler_register
def candidate_reply_take(inbound: Inbound) -> bool:
    """The inbound handler: record the reply if it matches a conversation."""
    match = reply_match(inbound)
    if match is None:
        return False
    candidate_reply_record(inbound=inbound, match=match)
    return True


@transaction.atomic
def candidate_reply_record(*, inbound: Inbound, match: Match) -> JournalEntry:
    email, candidate = inbound.email, match.candidate
    entry = JournalEntry.objects.create(
        candidate=candidate,
        requisition=match.requisition,
        kind=JournalEntry.Kind.REPLY,
        summary=f"Reply from {candidate.full_name}: {email.subject or '(no subject)'}"[:300],
        body=email.reply_text,
        inbound=email,
    )
    refused = [
        f"{attachment.filename}: {why}"
        for attachment in inbound.attachments
        if (why := _attachment_keep(attachment, entry))
    ]
    if refused:
        JournalEntry.objects.create(
            candidate=candidate,
            requisition=match.requisition,
            kind=JournalEntry.Kind.SYSTEM,
            summary=f"Attachments of {candidate.full_name}'s reply refused ({len(refused)})",
            body="\n".join(refused),
        )
    task = _answer_duty(entry, match)
    email.status = InboundEmail.Status.MATCHED
    email.matched_by = match.by
    email.concerns_candidate = candidate.pk
    email.note = f"Kept on {candidate.full_name}'s profile (matched by {match.by})" + (
        f"; {task.owner} owes the answer." if task else "."
    )
    email.save(update_fields=["status", "matched_by", "concerns_candidate", "note"])
    return entry


def _attachment_keep(attachment: InboundAttachment, entry: JournalEntry) -> str:
    """Keep the file if it passes the resume checks; else say why it was refused."""
    uploaded = SimpleUploadedFile(attachment.filename, attachment.content, attachment.content_type)
    try:
        checked = check_resume(uploaded)
    except ValidationError as refusal:
        return " ".join(refusal.messages)
    ReplyAttachment.objects.create(
        candidate=entry.candidate,
        entry=entry,
        file=ContentFile(attachment.content, name=checked.original_name),
        filename=checked.original_name,
        kind=checked.kind,
        size=attachment.size,
    )
    return ""


def _conversation_application(match: Match) -> Application | None:
    applications = Application.objects.filter(candidate=match.candidate).select_related(
        "requisition__recruiter", "requisition__hiring_manager"
    )
    if match.requisition is not None:
        return applications.filter(requisition=match.requisition).first()
    return applications.filter(state__in=ACTIVE_STATES).order_by("-state_changed_at").first()


def _owner(entry: JournalEntry, application: Application):
    """Who owes the answer: whoever last wrote to them in this conversation (if still here),
    else the requisition's recruiter, else its hiring manager."""
    last = (
        JournalEntry.objects.filter(
            candidate=entry.candidate,
            requisition=entry.requisition,
            kind=JournalEntry.Kind.EMAIL,
            actor__isnull=False,
            actor__is_active=True,
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
        .first()
    )
    requisition = application.requisition
    return (last.actor if last else None) or requisition.recruiter or requisition.hiring_manager


def _answer_duty(entry: JournalEntry, match: Match) -> Task | None:
    """The "answer the candidate" duty (one open at a time per application) and its email."""
    application = _conversation_application(match)
    if application is None:
        return None
    open_duty = Task.objects.open().filter(application=application, kind=Task.Kind.CANDIDATE_REPLY)
    if (existing := open_duty.select_related("owner").first()) is not None:
        return existing
    owner = _owner(entry, application)
    if owner is None:
        return None
    requisition = application.requisition
    task, _created = task_ensure(
        key=f"candidate_reply:entry:{entry.pk}",
        requisition=requisition,
        application=application,
        owner=owner,
        kind=Task.Kind.CANDIDATE_REPLY,
        title=f"Answer {entry.candidate.full_name}: they wrote, we owe an answer",
        due_at=sla_due(requisition, Duty.CANDIDATE_UPDATE),
    )
    user_message_queue(
        user=owner,
        template_key="candidate_replied",
        idempotency_key=f"candidate_replied:entry:{entry.pk}",
        context={
            "candidate_name": entry.candidate.full_name,
            "requisition_title": requisition.title,
            "reply_subject": entry.inbound.subject if entry.inbound else "",
            "reply_excerpt": entry.body[:500],
            "due_at": when(task.due_at),
            "candidate_url": absolute_url(
                reverse("candidates:detail", args=[entry.candidate_id]) + f"#entry-{entry.pk}"
            ),
        },
        requisition_id=requisition.pk,
        candidate_id=entry.candidate_id,
    )
    return task
