"""Conversations with a candidate: the files their replies brought, the emails waiting to go.

A conversation is the candidate and a requisition (or none): the journal's emails to them and
their replies (`JournalEntry.Kind.EMAIL` / `REPLY`) with that requisition, in order.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q


def reply_attachment_upload_to(instance: "ReplyAttachment", filename: str) -> str:
    """A random stored name (under MEDIA_ROOT, outside the web root); only the extension is kept."""
    return f"replies/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class ReplyAttachment(models.Model):
    """A file that came with a candidate's reply and passed the resume checks."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="reply_attachments"
    )
    entry = models.ForeignKey(
        "candidates.JournalEntry", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=reply_attachment_upload_to, max_length=200)
    filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, help_text="pdf, docx or txt (the resume checks').")
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("file", "filename")
    not_personal = ("kind",)
    personal_data_owner = "candidate"

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.filename


class ScheduledMessage(models.Model):
    """An email to a candidate written now, sent at `send_at` by a beat sweep; cancellable
    until then. Its journal entry (with the outbox row) is written when it leaves."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="scheduled_messages"
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    template_key = models.SlugField(max_length=100, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    cc_user_ids = models.JSONField(default=list, blank=True)
    attach_resume = models.BooleanField(default=False)
    attachment_ids = models.JSONField(default=list, blank=True)
    send_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey(
        "notifications.OutboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("subject", "body")
    not_personal = ("template_key", "cc_user_ids", "attachment_ids")
    personal_data_owner = "candidate"

    class Meta:
        ordering = ["send_at", "id"]
        indexes = [
            models.Index(
                fields=["send_at"],
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
                name="scheduled_message_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (at {self.send_at:%Y-%m-%d %H:%M})"

    @property
    def pending(self) -> bool:
        return self.sent_at is None and self.cancelled_at is None


class Mention(models.Model):
    """`@username` in a note: the colleague it names sees it on their dashboard (and by email)."""

    entry = models.ForeignKey(
        "candidates.JournalEntry", on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="mention_once_per_note"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="mention_by_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} in {self.entry}"
