"""Inbound mail: what anymail's inbound webhooks hand over becomes an `InboundEmail` row.

`inbound_receive` stores the email (its new text split from the quoted history and signature by
mail-parser-reply), finds what it answers — the signed reply address first, then the
In-Reply-To / References headers (a message of our outbox) — and offers it to the handler a
higher app registered (`inbound_handler_register`), which knows the people. An email no handler
takes stays `unmatched`: the admin queue. Attachments are handed to the handler as bytes and
kept only by it (after its checks); notifications stores none.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from anymail.inbound import AnymailInboundMessage
from django.db import transaction
from django.db.models import Q
from mailparser_reply import EmailReplyParser

from notifications.models import InboundEmail, OutboundMessage
from notifications.replies import reply_reference

logger = logging.getLogger(__name__)

# Languages whose "On … wrote:" lines and signatures the reply parser knows.
REPLY_LANGUAGES = ["en", "de", "fr", "es", "it", "nl"]
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
MAX_TEXT = 100_000


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)


@dataclass
class Inbound:
    """What a handler is offered: the stored row, what it answers, and its attachments."""

    email: InboundEmail
    reference: str | None  # the reply address's reference, when it had a genuine one
    answers: OutboundMessage | None  # our message its headers name, when they name one
    attachments: list[InboundAttachment] = field(default_factory=list)


Handler = Callable[[Inbound], bool]
HANDLERS: list[Handler] = []


def inbound_handler_register(handler: Handler) -> Handler:
    """`handler(inbound)` is offered each new inbound email; it returns True when it took it
    (and then set the row's status, match and note). Used as a decorator by a higher app."""
    if handler not in HANDLERS:
        HANDLERS.append(handler)
    return handler


def reply_split(text: str) -> tuple[str, str]:
    """(what the sender wrote this time, the rest: signature and quoted history)."""
    text = (text or "").strip()
    if not text:
        return "", ""
    try:
        replies = EmailReplyParser(languages=REPLY_LANGUAGES).read(text).replies
    except Exception:  # a parser failure must never lose a reply: show it all
        logger.warning("Could not split an inbound reply", exc_info=True)
        return text, ""
    if not replies:
        return text, ""
    latest = replies[0].body.strip() or text
    folded = text[len(latest) :].strip() if text.startswith(latest) else text
    return latest, folded


def _message_ids(*values: str) -> list[str]:
    return [found for value in values for found in MESSAGE_ID.findall(value or "")]


def _answered_message(email: InboundEmail) -> OutboundMessage | None:
    """Our message named by In-Reply-To, else the latest of References (by our Message-ID, or
    the ESP's id, which some ESPs put in the header instead)."""
    ids = _message_ids(email.in_reply_to) + list(reversed(_message_ids(email.references)))
    for message_id in ids[:20]:
        bare = message_id.strip("<>")
        found = (
            OutboundMessage.objects.filter(
                Q(rfc_message_id=message_id) | Q(esp_message_id__in=[bare, message_id])
            )
            .exclude(concerns_candidate__isnull=True)
            .first()
        )
        if found is not None:
            return found
    return None


def _addresses(message: AnymailInboundMessage) -> list[str]:
    found = [address.addr_spec for address in [*message.to, *message.cc]]
    if message.envelope_recipient:
        found.insert(0, message.envelope_recipient)
    for header in ("Delivered-To", "X-Original-To"):
        found.extend(str(value) for value in message.get_all(header) or [])
    return list(dict.fromkeys(found))


def _attachments(message: AnymailInboundMessage) -> list[InboundAttachment]:
    return [
        InboundAttachment(
            filename=(part.get_filename() or "attachment")[:255],
            content_type=part.get_content_type(),
            content=part.get_content_bytes() or b"",
        )
        for part in message.attachments
    ]


@transaction.atomic
def inbound_receive(*, message: AnymailInboundMessage, esp_name: str = "") -> InboundEmail:
    """Store one inbound email and offer it to the registered handler; returns the row.

    The same email delivered twice (an ESP retrying its webhook) is stored once: a second one
    with a Message-ID already received returns the first row and does nothing.
    """
    rfc_message_id = str(message.get("Message-ID", "")).strip()[:255]
    if rfc_message_id:
        existing = InboundEmail.objects.filter(rfc_message_id=rfc_message_id).first()
        if existing is not None:
            return existing
    sender = message.from_email
    if isinstance(sender, list):  # several From addresses: the first speaks
        sender = sender[0] if sender else None
    text = (message.text or "")[:MAX_TEXT]
    latest, folded = reply_split(text)
    attachments = _attachments(message)
    addresses = _addresses(message)
    email = InboundEmail.objects.create(
        esp_name=esp_name[:40],
        from_address=(sender.addr_spec if sender else "")[:254],
        from_name=(sender.display_name if sender else "")[:200],
        to_addresses=addresses[:20],
        subject=" ".join(str(message.subject or "").split())[:998],
        text=text,
        html=(message.html or "")[:MAX_TEXT],
        reply_text=latest,
        folded_text=folded,
        rfc_message_id=rfc_message_id,
        in_reply_to=str(message.get("In-Reply-To", ""))[:998],
        references=str(message.get("References", ""))[:10_000],
        attachment_names=[a.filename for a in attachments],
    )
    inbound = Inbound(
        email=email,
        reference=reply_reference(addresses),
        answers=_answered_message(email),
        attachments=attachments,
    )
    for handler in HANDLERS:
        if handler(inbound):
            return email
    email.note = "No conversation matches this email: an admin decides what to do with it."
    email.save(update_fields=["note"])
    return email


@transaction.atomic
def inbound_dismiss(*, emails) -> int:
    """An admin read the unmatched emails and needs nothing more of them (spam, a stranger)."""
    return (
        InboundEmail.objects.filter(pk__in=[email.pk for email in emails])
        .filter(status=InboundEmail.Status.UNMATCHED)
        .update(status=InboundEmail.Status.DISMISSED, note="Dismissed by an admin.")
    )
