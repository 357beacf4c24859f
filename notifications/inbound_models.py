"""Mail that came back: one row per email an ESP's inbound webhook handed to Tandem.

Like the outbox, nothing here knows a candidate: a higher app that recognises the email (by the
signed reply address, the headers or the sender) fills in `concerns_candidate` and marks it
matched. An email no one recognised stays `unmatched`: the admin queue (Django admin) keeps it,
and nothing is attached to a guess.
"""

from django.db import models


class InboundEmail(models.Model):
    class Status(models.TextChoices):
        MATCHED = "matched", "Matched to a conversation"
        UNMATCHED = "unmatched", "Unmatched: waiting for an admin"
        DISMISSED = "dismissed", "Dismissed by an admin"

    class MatchedBy(models.TextChoices):
        TOKEN = "token", "Reply address"
        HEADERS = "headers", "In-Reply-To / References headers"
        SENDER = "sender", "Sender's address"

    esp_name = models.CharField(max_length=40)
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_address = models.CharField(max_length=254)
    from_name = models.CharField(max_length=200, blank=True)
    to_addresses = models.JSONField(default=list, blank=True)
    subject = models.CharField(max_length=998, blank=True)
    text = models.TextField(blank=True, help_text="The plain-text body as it came.")
    html = models.TextField(blank=True)
    reply_text = models.TextField(blank=True, help_text="What the sender wrote this time.")
    folded_text = models.TextField(
        blank=True, help_text="Their signature and the quoted history, folded on the profile."
    )
    rfc_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=998, blank=True)
    references = models.TextField(blank=True)
    attachment_names = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.UNMATCHED, db_index=True
    )
    matched_by = models.CharField(max_length=20, choices=MatchedBy.choices, blank=True)
    concerns_candidate = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    note = models.TextField(blank=True, help_text="What Tandem did with it.")

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = (
        "from_address",
        "from_name",
        "to_addresses",
        "subject",
        "text",
        "html",
        "reply_text",
        "folded_text",
        "attachment_names",
        "note",
    )
    not_personal = (
        "esp_name",
        "rfc_message_id",
        "in_reply_to",
        "references",
        "status",
        "matched_by",
    )
    personal_data_erased_by = "notifications.services.messages_redact"

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = "inbound email"

    def __str__(self) -> str:
        return f"{self.subject or '(no subject)'} from {self.from_address}"
