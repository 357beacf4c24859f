"""Milestone messages: queue an email in the outbox and, for a candidate, journal it — together.

Both helpers run inside the caller's transaction (the event that causes the message), so the
message, its journal entry and the event commit or roll back as one. Each message is keyed by
an idempotency key built from the template, the object and the occasion: the same milestone
reached twice (a retried task, a double click) queues one message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.urls import reverse

from ats.people import person_name
from candidates.models import Candidate, JournalEntry
from notifications.models import OutboundMessage
from notifications.selectors import email_template_is_active
from notifications.services import message_queue
from workflows.models import Application


def absolute_url(path_or_name: str, *args: Any) -> str:
    """`SITE_URL` + a path, or + the reversed URL name with `args`."""
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args)
    return f"{settings.SITE_URL}{path}"


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


def user_message_queue(
    *,
    user,
    template_key: str,
    idempotency_key: str,
    context: Mapping[str, Any] | None = None,
    requisition_id: int | None = None,
    candidate_id: int | None = None,
    attachments: Iterable[Mapping[str, Any]] = (),
) -> OutboundMessage | None:
    """Email a Tandem user (recruiter, HM, interviewer) once per `idempotency_key`.

    None when the milestone is switched off or the user has no email address.
    """
    if not user.email or not email_template_is_active(template_key):
        return None
    message, _created = message_queue(
        template_key=template_key,
        to=user.email,
        to_name=person_name(user),
        context={"recipient_name": user.first_name or user.get_username(), **(context or {})},
        idempotency_key=idempotency_key,
        concerns_requisition=requisition_id,
        concerns_candidate=candidate_id,
        attachments=attachments,
    )
    return message
