"""Email templates, the outbox and what the ESP told us about each message.

Nothing here knows a candidate or a requisition: a message concerns them only through plain
integer references that the higher apps fill in (see OutboundMessage).
"""

import uuid

from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition


class EmailTemplate(models.Model):
    """The copy of one milestone email, editable in admin (Django template syntax).

    Rows start as the defaults shipped in `notifications/defaults.py` (a data migration and
    `manage.py sync_email_templates` add missing keys and never overwrite an admin's edits).
    """

    key = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The milestone this template is for, e.g. application_received.",
    )
    name = models.CharField(max_length=200)
    description = models.TextField(
        "context variables",
        blank=True,
        help_text="The variables the template may use, with an example of each.",
    )
    subject = models.CharField(max_length=300)
    text_body = models.TextField("text body")
    html_body = models.TextField(
        "HTML body", blank=True, help_text="Optional. Empty: the email is sent as plain text."
    )
    is_active = models.BooleanField(
        "active",
        default=True,
        help_text="Off: Tandem does not send this milestone's email.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("key", "name", "description", "subject", "text_body", "html_body")

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key})"


class OutboundMessageQuerySet(models.QuerySet):
    def due(self, now):
        """Rows the sweep must look at: queued/failed/sending rows whose time has come.

        `next_attempt_at` is NULL once a message needs nothing more (sent, bounced, given up),
        so this reads an index of pending rows only.
        """
        return self.filter(next_attempt_at__lte=now)

    def bounced(self):
        return self.filter(status=OutboundMessage.Status.BOUNCED)


class OutboundMessage(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One email in the outbox: written in the caller's transaction, delivered by Celery later.

    Lifecycle: queued → sending → sent, or → failed (retried after a backoff until it gives up),
    and → bounced when the ESP reports it could not deliver. `next_attempt_at` is when the
    periodic sweep must next look at the row (a queued row whose task never ran, a failed row due
    for a retry, a `sending` row whose worker died); NULL when nothing more is to be done.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to_address = models.EmailField(max_length=254)
    to_name = models.CharField(max_length=200, blank=True)
    from_address = models.CharField(max_length=300)
    template_key = models.SlugField(max_length=100, db_index=True)
    subject = models.CharField(max_length=998)
    text_body = models.TextField()
    html_body = models.TextField(blank=True)
    attachments = models.JSONField(
        default=list, blank=True, help_text="[{filename, mimetype, content}] text attachments."
    )
    # Plain integers, not foreign keys: notifications is the lowest domain app and must not
    # import (or depend on the tables of) requisitions or candidates. The higher apps fill these
    # in and query by them (e.g. "every message to this candidate"); a deleted candidate leaves
    # a dangling number, which is what an outbox kept for the record should do.
    concerns_requisition = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    concerns_candidate = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    idempotency_key = models.CharField(max_length=255, unique=True)

    status = FSMField(default=Status.QUEUED, choices=Status.choices, protected=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    esp_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # Threading: the Message-ID header Tandem gives the email, where the recipient's answer
    # goes (a signed reply address, see notifications.replies), the copies to colleagues and
    # In-Reply-To / References when it answers an earlier email.
    rfc_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    reply_to = models.CharField(max_length=320, blank=True)
    cc = models.JSONField(default=list, blank=True)
    headers = models.JSONField(default=dict, blank=True)

    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OutboundMessageQuerySet.as_manager()

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = (
        "to_address",
        "to_name",
        "subject",
        "text_body",
        "html_body",
        "attachments",
        "last_error",
        "bounce_reason",
        "cc",
    )
    not_personal = (
        "from_address",
        "template_key",
        "idempotency_key",
        "status",
        "esp_message_id",
        "rfc_message_id",
        "reply_to",
        "headers",
    )
    personal_data_erased_by = "notifications.services.messages_redact"

    class Meta:
        ordering = ["-queued_at"]
        indexes = [
            # "Which messages bounced since …" (higher apps sweep these to mark addresses).
            models.Index(fields=["status", "bounced_at"], name="outbound_status_bounced_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} to {self.to_address} ({self.status})"

    # Transitions run only through notifications.services, which lock the row first.
    @transition(field=status, source=Status.QUEUED, target=Status.SENDING)
    def claim(self):
        pass

    @transition(field=status, source=Status.SENDING, target=Status.SENT)
    def mark_sent(self):
        pass

    @transition(field=status, source=Status.SENDING, target=Status.FAILED)
    def mark_failed(self):
        pass

    @transition(field=status, source=[Status.SENDING, Status.FAILED], target=Status.QUEUED)
    def requeue(self):
        pass

    @transition(
        field=status,
        source=[Status.QUEUED, Status.SENDING, Status.SENT, Status.FAILED],
        target=Status.BOUNCED,
    )
    def bounce(self):
        pass


class DeliveryEvent(models.Model):
    """What the ESP reported about a message (anymail's normalised tracking event), as it came."""

    message = models.ForeignKey(OutboundMessage, on_delete=models.CASCADE, related_name="events")
    event_type = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    description = models.TextField(blank=True)
    esp_event_id = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("description",)
    not_personal = ("event_type", "esp_event_id")
    personal_data_erased_by = "notifications.services.messages_redact"

    class Meta:
        ordering = ["occurred_at", "pk"]
        constraints = [
            # ESPs resend a webhook they think failed: the same event is stored once.
            models.UniqueConstraint(
                fields=["message", "esp_event_id"],
                condition=~Q(esp_event_id=""),
                name="delivery_event_once_per_esp_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} at {self.occurred_at:%Y-%m-%d %H:%M}"


from notifications.inbound_models import InboundEmail  # noqa: E402  (one registry of models)

__all__ = ["DeliveryEvent", "EmailTemplate", "InboundEmail", "OutboundMessage"]
