"""A conversation with a candidate is the candidate and a requisition (or none): the reference
its reply address signs ("42-7"; "42-0" for none), and the headers that thread its emails."""

from __future__ import annotations

from candidates.models import JournalEntry
from notifications.replies import reply_address
from notifications.services import Threading

# How many earlier Message-IDs an email's References header names (the latest ones).
REFERENCES_KEPT = 10


def conversation_reference(candidate_id: int, requisition_id: int | None) -> str:
    return f"{candidate_id}-{requisition_id or 0}"


def conversation_parse(reference: str | None) -> tuple[int, int | None] | None:
    """(candidate id, requisition id or None) of a reference; None when it names nothing."""
    try:
        candidate, requisition = (int(part) for part in (reference or "").split("-"))
    except ValueError:
        return None
    return candidate, requisition or None


def conversation_reply_to(candidate_id: int, requisition_id: int | None) -> str:
    """The signed reply address of the conversation ('' without INBOUND_DOMAIN)."""
    return reply_address(conversation_reference(candidate_id, requisition_id))


def conversation_threading(
    candidate_id: int, requisition_id: int | None, *, cc: tuple[str, ...] = ()
) -> Threading:
    """The reply address, copies, and In-Reply-To / References naming the conversation's latest
    emails both ways (one query)."""
    entries = (
        JournalEntry.objects.filter(
            candidate_id=candidate_id,
            requisition_id=requisition_id,
            kind__in=[JournalEntry.Kind.EMAIL, JournalEntry.Kind.REPLY],
        )
        .order_by("-created_at", "-id")
        .values_list("message__rfc_message_id", "inbound__rfc_message_id")[:REFERENCES_KEPT]
    )
    ids = [outbound or inbound for outbound, inbound in entries if outbound or inbound]
    ids.reverse()  # oldest first, as References lists them
    return Threading(
        reply_to=conversation_reply_to(candidate_id, requisition_id),
        cc=cc,
        in_reply_to=ids[-1] if ids else "",
        references=tuple(ids),
    )
