"""Milestone messages: queue an email in the outbox and, for a candidate, journal it — together.

Both helpers run inside the caller's transaction (the event that causes the message), so the
message, its journal entry and the event commit or roll back as one. Each message is keyed by
an idempotency key built from the template, the object and the occasion: the same milestone
reached twice (a retried task, a double click) queues one message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from ats.people import person_name
from candidates.models import Candidate, JournalEntry
from notifications.models import OutboundMessage
from notifications.selectors import email_template_is_active
from notifications.services import QueuedEmail, Threading, message_queue, messages_queue_bulk
from workflows.duties.threads import conversation_reply_to
from workflows.models import Application


def absolute_url(path_or_name: str, *args: Any) -> str:
    """`SITE_URL` + a path, or + the reversed URL name with `args`."""
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args)
    return f"{settings.SITE_URL}{path}"


def when(moment) -> str:
    """A moment as the recipient reads it: "Friday 16 May 2025, 17:00 UTC"."""
    local = timezone.localtime(moment).replace(second=0, microsecond=0)
    # Aware datetimes of one instant are equal whatever their zone: the zone is part of the key.
    return _minute_text(local, str(local.tzinfo), translation.get_language())


@functools.lru_cache(maxsize=4096)
def _minute_text(local_minute, _zone: str, _language: str | None) -> str:
    # Shown to the minute, so the many deadlines of a sweep that share one are formatted once.
    return date_format(local_minute, "l j F Y, H:i T")


# What the apps above add to every candidate email's context (the careers site adds the
# withdraw-consent link: careers/consent.py); this module builds no URL of theirs.
CANDIDATE_LINKS: list[Callable[[Candidate], Mapping[str, str]]] = []


def candidate_links_register(
    provider: Callable[[Candidate], Mapping[str, str]],
) -> Callable[[Candidate], Mapping[str, str]]:
    """Add `provider`'s links to every candidate email's context (used as a decorator)."""
    CANDIDATE_LINKS.append(provider)
    return provider


def application_context(application: Application) -> dict[str, Any]:
    """The variables every candidate-facing template may use (notifications/defaults.py)."""
    candidate, requisition = application.candidate, application.requisition
    context = {
        "candidate_first_name": candidate.first_name,
        "candidate_name": candidate.full_name,
        "requisition_title": requisition.title,
        "recruiter_name": person_name(requisition.recruiter) or "The recruiting team",
        "hiring_manager_name": person_name(requisition.hiring_manager),
    }
    for provider in CANDIDATE_LINKS:
        context.update(provider(candidate))
    return context


def candidate_message_queue(
    *,
    application: Application,
    template_key: str,
    occasion: str,
    context: Mapping[str, Any] | None = None,
    attachments: Iterable[Mapping[str, Any]] = (),
    by=None,
) -> OutboundMessage | None:
    """Email the application's candidate once per `occasion`, and journal it on their profile.

    Returns the message, or None when the milestone is switched off in admin (the template is
    inactive) or the candidate's address is marked undeliverable (it bounced). The journal entry
    links the message, so the profile shows its delivery status.
    """
    candidate = application.candidate
    if candidate.email_undeliverable_at is not None:
        return None
    if not email_template_is_active(template_key):
        return None
    message, created = message_queue(
        template_key=template_key,
        to=candidate.email,
        to_name=candidate.full_name,
        context={**application_context(application), **(context or {})},
        idempotency_key=f"{template_key}:application:{application.pk}:{occasion}",
        concerns_requisition=application.requisition_id,
        concerns_candidate=candidate.pk,
        attachments=attachments,
        # The candidate's answer comes back to this conversation (notifications.replies).
        threading=Threading(
            reply_to=conversation_reply_to(candidate.pk, application.requisition_id)
        ),
    )
    if created:
        JournalEntry.objects.create(
            candidate=candidate,
            requisition=application.requisition,
            kind=JournalEntry.Kind.EMAIL,
            actor=by,
            summary=f"Email to the candidate: {message.subject}"[:300],
            body=message.text_body,
            message=message,
        )
    return message


def user_email(
    *,
    user,
    template_key: str,
    idempotency_key: str,
    context: Mapping[str, Any] | None = None,
    requisition_id: int | None = None,
    candidate_id: int | None = None,
    attachments: Iterable[Mapping[str, Any]] = (),
) -> QueuedEmail | None:
    """The email to a Tandem user (recruiter, HM, interviewer), to queue alone or in bulk;
    None when the user has no email address."""
    if not user.email:
        return None
    return QueuedEmail(
        template_key=template_key,
        to=user.email,
        to_name=person_name(user),
        context={"recipient_name": user.first_name or user.get_username(), **(context or {})},
        idempotency_key=idempotency_key,
        concerns_requisition=requisition_id,
        concerns_candidate=candidate_id,
        attachments=tuple(attachments),
    )


def user_message_queue(**kwargs) -> OutboundMessage | None:
    """Email a Tandem user once per `idempotency_key` (the arguments of `user_email`).

    None when the milestone is switched off or the user has no email address.
    """
    email = user_email(**kwargs)
    if email is None or not email_template_is_active(email.template_key):
        return None
    message, _created = message_queue(**email.__dict__)
    return message


def user_messages_queue_bulk(emails: Iterable[QueuedEmail | None]) -> list[OutboundMessage]:
    """Queue many users' emails at once (a sweep's batch): each once per idempotency key,
    leaving out the users without an address and the milestones switched off in admin."""
    emails = [email for email in emails if email is not None]
    if not emails:
        return []
    active = {key for key in {e.template_key for e in emails} if email_template_is_active(key)}
    return messages_queue_bulk(email for email in emails if email.template_key in active)
