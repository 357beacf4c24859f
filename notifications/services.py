"""The only writers of templates, the outbox and delivery events.

Delivery guarantees (the outbox pattern):

- `message_queue` (one message) and `messages_queue_bulk` (a sweep's batch) write the rows in
  the caller's transaction and schedule delivery for after the commit, one task per
  DELIVERY_BATCH messages: a rolled-back transaction sends nothing; a commit while the broker is
  down still succeeds, and the periodic sweep (`messages_requeue`) dispatches the rows later.
- `messages_deliver` claims the queued rows of its batch (row locks, SKIP LOCKED, status check)
  before sending them through one email connection, so a task that runs twice, or two workers
  racing, send one email each.
- The one window where an email can go out twice: the ESP accepted the message and the worker died
  (killed, machine lost) before it recorded `sent` — at most the RECORD_EVERY messages sent since
  the batch's last record. Those rows stay `sending`; after SENDING_TIMEOUT the sweep queues them
  again and they are sent a second time. That is at-least-once by design: the alternative (mark
  sent before sending) would lose emails instead.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, make_msgid
from typing import Any

from anymail.exceptions import AnymailUnsupportedFeature
from anymail.message import AnymailMessage
from anymail.signals import AnymailTrackingEvent
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from notifications import defaults
from notifications.models import DeliveryEvent, EmailTemplate, InboundEmail, OutboundMessage
from notifications.rendering import compiled_emails, render_email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_BASE = timedelta(minutes=1)  # 1, 2, 4, 8 minutes between attempts …
BACKOFF_MAX = timedelta(hours=1)
# A queued row whose task has not claimed it by then is dispatched again by the sweep
# (the task was lost, e.g. the broker was down when the transaction committed).
QUEUED_GRACE = timedelta(minutes=2)
# A row `sending` for longer belongs to a dead worker. Well above CELERY_TASK_TIME_LIMIT, so a
# live worker is never presumed dead.
SENDING_TIMEOUT = timedelta(minutes=10)
SWEEP_BATCH = 500
# Sent with each message (anymail metadata) and echoed by most ESPs in tracking events, so an
# event finds its row even if it arrives before the ESP's message id was recorded.
METADATA_KEY = "tandem_message_id"
BOUNCE_EVENTS = {"bounced", "rejected", "failed"}

Status = OutboundMessage.Status


# One delivery task carries up to this many messages (one email connection for all of them).
DELIVERY_BATCH = 100
# Sent messages are recorded this many at a time (one statement): the at-least-once window.
RECORD_EVERY = 10
_batch: ContextVar[list | None] = ContextVar("outbox_batch", default=None)


def _publish(message_ids: list) -> None:
    from notifications.tasks import deliver_messages

    for start in range(0, len(message_ids), DELIVERY_BATCH):
        deliver_messages.delay([str(pk) for pk in message_ids[start : start + DELIVERY_BATCH]])


def _dispatch_on_commit(*message_ids) -> None:
    """Schedule the delivery of `message_ids` once the current transaction commits: one task per
    DELIVERY_BATCH messages (inside `outbox_batch()`, once for the whole block).

    Like Celery's `delay_on_commit`, but `robust`: if the broker is unreachable, the error is
    logged instead of failing a request whose data is already committed; the sweep sends later.
    """
    pending = _batch.get()
    if pending is not None:
        pending.extend(message_ids)
        return
    ids = list(message_ids)

    def dispatch() -> None:
        # A named function, not functools.partial: Django logs a robust callback's failure
        # with its __qualname__, which a partial lacks (the logging itself would raise).
        _publish(ids)

    transaction.on_commit(dispatch, robust=True)


@contextmanager
def outbox_batch():
    """Inside a transaction: the messages queued in the block leave in batched delivery tasks
    after the commit, instead of one task each (e.g. `seed_demo`, which queues hundreds).

    A message whose savepoint was rolled back inside the block is dispatched anyway and found
    missing by the task (nothing is sent); a block that raises dispatches nothing.
    """
    if _batch.get() is not None:  # already batching: the outer block dispatches
        yield
        return
    pending: list = []
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    if pending:
        _dispatch_on_commit(*pending)


def message_id_new() -> str:
    """A fresh Message-ID header value, on the inbound domain when there is one."""
    return make_msgid("tandem", domain=settings.INBOUND_DOMAIN or "tandem.invalid")


@dataclass(frozen=True)
class Threading:
    """How a message joins a conversation: where answers go, who gets a copy, what it answers."""

    reply_to: str = ""
    cc: tuple[str, ...] = ()
    in_reply_to: str = ""
    references: tuple[str, ...] = ()

    def fields(self) -> dict[str, Any]:
        for address in self.cc:
            validate_email(address)
        headers = {}
        if self.in_reply_to:
            headers["In-Reply-To"] = self.in_reply_to
        if self.references:
            headers["References"] = " ".join(self.references)
        return {
            "rfc_message_id": message_id_new(),
            "reply_to": self.reply_to,
            "cc": list(dict.fromkeys(self.cc)),
            "headers": headers,
        }


def _clean_attachments(attachments: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    cleaned = []
    for attachment in attachments:
        try:
            filename, mimetype, content = (
                attachment["filename"],
                attachment["mimetype"],
                attachment["content"],
            )
        except (KeyError, TypeError) as exc:
            raise ValidationError(
                "Each attachment is a mapping with filename, mimetype and content."
            ) from exc
        if isinstance(content, bytes):  # a file (a resume): kept as base64 in the row
            cleaned.append(
                {
                    "filename": str(filename),
                    "mimetype": str(mimetype),
                    "content": base64.b64encode(content).decode("ascii"),
                    "encoding": "base64",
                }
            )
            continue
        if not isinstance(content, str):
            raise ValidationError(f"Attachment {filename!r}: text or bytes only.")
        cleaned.append({"filename": str(filename), "mimetype": str(mimetype), "content": content})
    return cleaned


@transaction.atomic
def message_queue(
    *,
    template_key: str,
    to: str,
    context: dict[str, Any],
    idempotency_key: str,
    to_name: str = "",
    concerns_requisition: int | None = None,
    concerns_candidate: int | None = None,
    attachments: Iterable[Mapping[str, Any]] = (),
    threading: Threading | None = None,
) -> tuple[OutboundMessage, bool]:
    """Render `template_key` with `context` into an outbox row for `to`, delivered after commit.

    Exactly once per `idempotency_key` (e.g. "application_received:application:42"): when the
    key exists, the existing row is returned with `False` and nothing is written or sent.
    Raises TemplateRenderError when the template does not render, ValidationError for a bad
    address or attachment. Whether the milestone is switched on is the caller's question
    (`selectors.email_template_is_active`). `threading` gives the reply address, copies and
    In-Reply-To / References; every message gets a Message-ID of its own.
    """
    existing = OutboundMessage.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    validate_email(to)
    rendered = render_email(key=template_key, context=context)
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(
                to_address=to,
                to_name=" ".join(to_name.split()),
                from_address=settings.DEFAULT_FROM_EMAIL,
                template_key=template_key,
                subject=rendered.subject,
                text_body=rendered.text,
                html_body=rendered.html,
                attachments=_clean_attachments(attachments),
                concerns_requisition=concerns_requisition,
                concerns_candidate=concerns_candidate,
                idempotency_key=idempotency_key,
                next_attempt_at=timezone.now() + QUEUED_GRACE,
                **(threading or Threading()).fields(),
            )
    except IntegrityError:  # a concurrent transaction queued the same key first
        return OutboundMessage.objects.get(idempotency_key=idempotency_key), False
    _dispatch_on_commit(message.pk)
    return message, True


@dataclass(frozen=True)
class QueuedEmail:
    """One message for `messages_queue_bulk`: the same arguments as `message_queue`."""

    template_key: str
    to: str
    context: Mapping[str, Any]
    idempotency_key: str
    to_name: str = ""
    concerns_requisition: int | None = None
    concerns_candidate: int | None = None
    attachments: tuple[Mapping[str, Any], ...] = ()
    threading: Threading | None = None


@transaction.atomic
def messages_queue_bulk(emails: Iterable[QueuedEmail]) -> list[OutboundMessage]:
    """`message_queue` for many messages at once (a sweep's batch): one query for the keys that
    exist, each template compiled once, one INSERT, one delivery dispatch after commit.

    Same guarantees: exactly once per idempotency key (a key that exists, or that a concurrent
    transaction inserts first, is skipped); raises like `message_queue` and then writes nothing.
    Returns the messages it wrote, in the order given.
    """
    emails = list({email.idempotency_key: email for email in emails}.values())
    existing = set(
        OutboundMessage.objects.filter(
            idempotency_key__in=[email.idempotency_key for email in emails]
        ).values_list("idempotency_key", flat=True)
    )
    emails = [email for email in emails if email.idempotency_key not in existing]
    if not emails:
        return []
    templates = compiled_emails(email.template_key for email in emails)
    next_attempt_at = timezone.now() + QUEUED_GRACE
    rows = []
    for email in emails:
        validate_email(email.to)
        rendered = templates[email.template_key].render(dict(email.context))
        rows.append(
            OutboundMessage(
                to_address=email.to,
                to_name=" ".join(email.to_name.split()),
                from_address=settings.DEFAULT_FROM_EMAIL,
                template_key=email.template_key,
                subject=rendered.subject,
                text_body=rendered.text,
                html_body=rendered.html,
                attachments=_clean_attachments(email.attachments),
                concerns_requisition=email.concerns_requisition,
                concerns_candidate=email.concerns_candidate,
                idempotency_key=email.idempotency_key,
                next_attempt_at=next_attempt_at,
                **(email.threading or Threading()).fields(),
            )
        )
    OutboundMessage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    # The ids are made here (uuid4), so with ignore_conflicts the rows a concurrent
    # transaction beat us to are the ones that did not land.
    written = set(
        OutboundMessage.objects.filter(pk__in=[row.pk for row in rows]).values_list("pk", flat=True)
    )
    rows = [row for row in rows if row.pk in written]
    _dispatch_on_commit(*(row.pk for row in rows))
    return rows


def _build_email(message: OutboundMessage, *, with_metadata: bool) -> AnymailMessage:
    email = AnymailMessage(
        subject=message.subject,
        body=message.text_body,
        from_email=message.from_address,
        to=[formataddr((message.to_name, message.to_address))],
        cc=list(message.cc or []),
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={
            **({"Message-ID": message.rfc_message_id} if message.rfc_message_id else {}),
            **(message.headers or {}),
        },
    )
    if with_metadata:
        email.metadata = {METADATA_KEY: str(message.pk)}
    if message.html_body:
        email.attach_alternative(message.html_body, "text/html")
    for attachment in message.attachments:
        content = attachment["content"]
        if attachment.get("encoding") == "base64":
            content = base64.b64decode(content)
        email.attach(attachment["filename"], content, attachment["mimetype"])
    return email


def _send(message: OutboundMessage, connection) -> str:
    """Hand the message to the open email `connection`; returns the ESP's message id, or ''."""
    email = _build_email(message, with_metadata=True)
    email.connection = connection
    try:
        email.send()
    except AnymailUnsupportedFeature:
        # This ESP (e.g. Postal) takes no metadata; anymail refused before calling it.
        email = _build_email(message, with_metadata=False)
        email.connection = connection
        email.send()
    status = getattr(email, "anymail_status", None)
    esp_id = getattr(status, "message_id", None)
    if isinstance(esp_id, set):  # one id per recipient; there is one recipient
        esp_id = ",".join(sorted(str(i) for i in esp_id if i))
    return str(esp_id or "")[:255]


def backoff(attempts: int) -> timedelta:
    """Wait before attempt `attempts + 1`: 1, 2, 4, 8 … minutes, at most BACKOFF_MAX."""
    return min(BACKOFF_BASE * 2 ** min(max(attempts - 1, 0), 20), BACKOFF_MAX)


@transaction.atomic
def _claim(message_ids: Iterable) -> list[OutboundMessage]:
    """`queued` → `sending` for those of `message_ids` still queued and not locked by another
    worker (SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL), in two queries."""
    messages = list(
        OutboundMessage.objects.select_for_update(skip_locked=True)
        .filter(pk__in=list(message_ids), status=Status.QUEUED)
        .order_by("queued_at", "pk")
    )
    now = timezone.now()
    for message in messages:  # the transition in memory, checked; one statement writes them all
        message.claim()
        message.attempts += 1
        message.next_attempt_at = now + SENDING_TIMEOUT
        message.updated_at = now
    OutboundMessage.objects.filter(pk__in=[message.pk for message in messages]).update(
        status=Status.SENDING,
        attempts=F("attempts") + 1,
        next_attempt_at=now + SENDING_TIMEOUT,
        updated_at=now,
    )
    return messages


def messages_deliver(*, message_ids: Iterable) -> list[OutboundMessage]:
    """Send the queued messages among `message_ids` through one email connection; returns them.

    Deliberately not one transaction: (1) claim the rows (`queued` → `sending`, commit), (2) send
    each outside any transaction (never hold a row lock over a network call), recording it at
    once: `sent`, or `failed` with a backoff (`failed` for good after MAX_ATTEMPTS). A row that
    is not `queued` (already sent, being sent by another worker, waiting for its retry) is left
    alone, so running this twice sends one email. One message failing does not stop the others:
    the connection is opened again and the batch goes on. Call it outside an atomic block.
    """
    messages = _claim(message_ids)
    if not messages:
        return []
    connection = get_connection()
    _open(connection)
    try:
        _send_each(messages, connection)
    finally:
        connection.close()
    return messages


def _send_each(messages: list[OutboundMessage], connection) -> None:
    """Send each message in turn and record it (`messages[i]` becomes its record): the sent
    ones RECORD_EVERY at a time, a failure at once."""
    sent: list[tuple[int, str]] = []  # (index in messages, the ESP's id)
    for index, message in enumerate(messages):
        try:
            sent.append((index, _send(message, connection)))
        except Exception as exc:  # whatever the backend raised, the row records it
            messages[index] = _log_delivery(
                _record_failure(message_id=message.pk, error=exc), error=exc
            )
            connection.close()  # a broken connection must not fail the rest
            _open(connection)
        if len(sent) >= RECORD_EVERY:
            _record_sent(messages, sent)
            sent = []
    _record_sent(messages, sent)


def _open(connection) -> None:
    """Open the email connection; if it cannot, each send tries again (and records its error)."""
    try:
        connection.open()
    except Exception:  # the ESP is unreachable: every message will record why and retry
        logger.warning("Could not open the email connection", exc_info=True)


def message_deliver(*, message_id: str | uuid.UUID) -> OutboundMessage | None:
    """Send one queued message (see `messages_deliver`); None if there was nothing to do."""
    delivered = messages_deliver(message_ids=[message_id])
    return delivered[0] if delivered else None


def _log_delivery(message: OutboundMessage, *, error: Exception | None = None) -> OutboundMessage:
    """One line per delivery attempt. Never the content nor the address (its domain only), and
    of an error only its type: an SMTP refusal's text names the recipient."""
    logger.log(
        logging.WARNING if error is not None else logging.INFO,
        "Message %s (%s) %s after %s attempt(s)",
        message.pk,
        message.template_key,
        message.status,
        message.attempts,
        extra={
            "message_id": str(message.pk),
            "template_key": message.template_key,
            "status": message.status,
            "attempts": message.attempts,
            "recipient_domain": message.to_address.rpartition("@")[2],
            "error": type(error).__name__ if error is not None else "",
        },
    )
    return message


def _record_sent(messages: list[OutboundMessage], sent: list[tuple[int, str]]) -> None:
    """Record `sent` for `messages[i]` of each (i, ESP id) in `sent`: one statement for those
    the ESP gave no id (SMTP), one each for the others — a compare-and-set on `sending`, which is
    what the row lock and the transition did. A bounce can be reported (matched by metadata)
    before we get here: that row stays bounced, with the ESP's id and the time it left."""
    if not sent:
        return
    now = timezone.now()
    by_esp_id: dict[str, list[int]] = defaultdict(list)
    for index, esp_message_id in sent:
        by_esp_id[esp_message_id].append(index)
    for esp_message_id, indexes in by_esp_id.items():
        fields = {"esp_message_id": esp_message_id, "sent_at": now, "last_error": ""}
        fields["updated_at"] = now
        rows = OutboundMessage.objects.filter(pk__in=[messages[i].pk for i in indexes])
        updated = rows.filter(status=Status.SENDING).update(
            status=Status.SENT, next_attempt_at=None, **fields
        )
        if updated < len(indexes):  # a bounce report reached some row first: it stays bounced
            rows.exclude(status=Status.SENT).update(**fields)
            fresh = rows.in_bulk()
            for i in indexes:
                messages[i] = fresh[messages[i].pk]
            continue
        for i in indexes:
            messages[i].mark_sent()  # in memory, as the statement did in the database
            for name, value in {**fields, "next_attempt_at": None}.items():
                setattr(messages[i], name, value)
    for index, _esp_message_id in sent:
        _log_delivery(messages[index])


@transaction.atomic
def _record_failure(*, message_id, error: Exception) -> OutboundMessage:
    message = OutboundMessage.objects.select_for_update().get(pk=message_id)
    if message.status != Status.SENDING:
        return message
    message.mark_failed()
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= MAX_ATTEMPTS:
        message.next_attempt_at = None  # given up; an admin can "deliver again"
    else:
        message.next_attempt_at = timezone.now() + backoff(message.attempts)
    message.save()
    return message


@transaction.atomic
def messages_requeue(*, limit: int = SWEEP_BATCH) -> int:
    """The periodic sweep: (re)dispatch every message whose `next_attempt_at` has come.

    - `queued` rows whose task never ran (the broker was down at commit, the task was lost);
    - `failed` rows whose backoff is over (back to `queued`);
    - `sending` rows older than SENDING_TIMEOUT, whose worker died (back to `queued`, or
      `failed` for good once they used up their attempts).

    Reads only due rows (indexed `next_attempt_at`), locks them with SKIP LOCKED so two sweeps
    never take the same row, and pushes each row's next look SENDING_TIMEOUT/QUEUED_GRACE ahead,
    so running it twice dispatches once. Returns the number of rows it looked at.
    """
    now = timezone.now()
    due = list(
        OutboundMessage.objects.due(now)
        .select_for_update(skip_locked=True)
        .order_by("next_attempt_at")[:limit]
    )
    dispatch = []
    for message in due:
        if message.status == Status.SENDING and message.attempts >= MAX_ATTEMPTS:
            message.mark_failed()
            message.last_error = "Gave up: the worker sending it stopped on the last attempt."
            message.next_attempt_at = None
            message.save()
            continue
        if message.status == Status.SENDING:
            message.last_error = "The worker sending it stopped before recording the result."
        if message.status != Status.QUEUED:
            message.requeue()
        message.next_attempt_at = now + QUEUED_GRACE
        message.save()
        dispatch.append(message.pk)
    if dispatch:
        _dispatch_on_commit(*dispatch)  # in batched tasks
    return len(due)


@transaction.atomic
def message_retry(*, message: OutboundMessage) -> OutboundMessage:
    """Deliver a failed message again (admin action), with a fresh set of attempts."""
    locked = OutboundMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != Status.FAILED:
        raise ValidationError(
            f"Only a failed message can be delivered again (this one is {locked.status})."
        )
    locked.requeue()
    locked.attempts = 0
    locked.next_attempt_at = timezone.now() + QUEUED_GRACE
    locked.save()
    _dispatch_on_commit(locked.pk)
    return locked


def _message_for_event(event: AnymailTrackingEvent) -> OutboundMessage | None:
    messages = OutboundMessage.objects.select_for_update()
    reference = (event.metadata or {}).get(METADATA_KEY)
    if reference:
        try:
            message = messages.filter(pk=uuid.UUID(str(reference))).first()
        except ValueError:
            message = None
        if message is not None:
            return message
    if event.message_id:
        return messages.filter(esp_message_id=str(event.message_id)).first()
    return None


@transaction.atomic
def message_track(*, event: AnymailTrackingEvent, esp_name: str = "") -> DeliveryEvent | None:
    """Record one of anymail's normalised tracking events on the message it is about.

    delivered / opened set their first time; bounced, rejected and failed make the message
    `bounced` with the ESP's reason (higher apps query `selectors.bounced_messages`). An event
    for a message Tandem did not send, or one the ESP sends again, is ignored (returns None).
    """
    message = _message_for_event(event)
    if message is None:
        logger.info(
            "Ignoring %s %s event for unknown message %r",
            esp_name,
            event.event_type,
            event.message_id,
        )
        return None
    esp_event_id = str(event.event_id or "")[:255]
    if esp_event_id and message.events.filter(esp_event_id=esp_event_id).exists():
        return None
    occurred_at = event.timestamp or timezone.now()
    description = str(event.description or event.mta_response or event.reject_reason or "").strip()
    delivery_event = DeliveryEvent.objects.create(
        message=message,
        event_type=event.event_type or "unknown",
        occurred_at=occurred_at,
        description=description,
        esp_event_id=esp_event_id,
    )
    if event.event_type == "delivered" and message.delivered_at is None:
        message.delivered_at = occurred_at
    elif event.event_type == "opened" and message.opened_at is None:
        message.opened_at = occurred_at
    elif event.event_type in BOUNCE_EVENTS and message.status != Status.BOUNCED:
        message.bounce()
        message.bounced_at = occurred_at
        message.bounce_reason = description or event.reject_reason or event.event_type
        message.next_attempt_at = None  # never retry an address the ESP refuses
    else:
        return delivery_event
    message.save()
    return delivery_event


def email_templates_sync() -> list[str]:
    """Add a row for each shipped template key that has none; never touch an existing row.

    Returns the keys added.
    """
    with transaction.atomic():
        return defaults.install_missing(EmailTemplate)


REDACTED = "[redacted]"
# What an erasure blanks of a candidate's inbound emails (besides the subject and the lists).
INBOUND_TEXT = [
    name
    for name in InboundEmail.personal_data
    if name not in ("subject", "to_addresses", "attachment_names")
]


@transaction.atomic
def messages_redact(*, candidate_id: int) -> int:
    """Blank the address, name and content of every message concerning candidate `candidate_id`
    (and what the ESP reported about them), keeping the rows, their template, status and dates
    for statistics. A message still waiting to be sent is no longer retried. Returns how many.
    """
    messages = OutboundMessage.objects.filter(concerns_candidate=candidate_id)
    DeliveryEvent.objects.filter(message__in=messages).update(description="")
    InboundEmail.objects.filter(concerns_candidate=candidate_id).update(
        **dict.fromkeys(INBOUND_TEXT, ""),
        to_addresses=[],
        attachment_names=[],
        subject=REDACTED,
    )
    return messages.update(
        cc=[],
        to_address="",
        to_name="",
        subject=REDACTED,
        text_body=REDACTED,
        html_body="",
        attachments=[],
        last_error="",
        bounce_reason="",
        next_attempt_at=None,
        updated_at=timezone.now(),
    )
