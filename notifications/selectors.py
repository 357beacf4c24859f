"""Reads of the outbox and templates for the higher apps (no pages here, so no user scoping)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min

from notifications.models import EmailTemplate, OutboundMessage


def email_template_is_active(key: str) -> bool:
    """Whether Tandem sends `key`'s email: on unless an admin switched its template off."""
    return not EmailTemplate.objects.filter(key=key, is_active=False).exists()


def bounced_messages(*, since: datetime | None = None):
    """Messages the ESP reported undeliverable, oldest bounce first (status + bounced_at index)."""
    messages = OutboundMessage.objects.bounced()
    if since is not None:
        messages = messages.filter(bounced_at__gt=since)
    return messages.order_by("bounced_at")


def oldest_waiting_queued_at() -> datetime | None:
    """When the oldest message still waiting for its first delivery attempt was queued.

    A retried message is left out: its backoff is the ESP's trouble, not a stuck queue. Reads
    through the `next_attempt_at` index (NULL once a message needs nothing more).
    """
    return (
        OutboundMessage.objects.filter(next_attempt_at__isnull=False)
        .filter(status=OutboundMessage.Status.QUEUED, attempts=0)
        .aggregate(oldest=Min("queued_at"))["oldest"]
    )
