import uuid
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Lower

from ats.people import person_name


def resume_upload_to(instance: "Candidate", filename: str) -> str:
    """A random stored name (under MEDIA_ROOT, outside the web root); only the extension is kept."""
    return f"resumes/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Candidate(models.Model):
    """A person in the candidate database: the recruiter's memory."""

    class Source(models.TextChoices):
        CAREER_SITE = "career_site", "Career site"
        REFERRAL = "referral", "Referral"
        SOURCED = "sourced", "Sourced"
        AGENCY = "agency", "Agency"
        JOB_BOARD = "job_board", "Job board"
        OTHER = "other", "Other"

    class ResumeStatus(models.TextChoices):
        NONE = "none", "No resume"
        EXTRACTED = "extracted", "Text extracted"
        UNREADABLE = "unreadable", "Text could not be extracted"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    email_undeliverable_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When an email to this address bounced; Tandem stops emailing it until the "
        "address is changed.",
    )
    phone = models.CharField(max_length=40, blank=True)
    location = models.CharField(max_length=150, blank=True)
    current_title = models.CharField(max_length=150, blank=True)
    current_company = models.CharField(max_length=150, blank=True)
    skills = models.JSONField(default=list, blank=True, help_text="Normalised skill tags.")
    links = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SOURCED)
    talent_pool_consent = models.BooleanField(
        default=False, help_text="Agreed to be kept in the talent pool for future roles."
    )
    resume = models.FileField(upload_to=resume_upload_to, blank=True, max_length=200)
    resume_filename = models.CharField(
        max_length=255, blank=True, help_text="The name the file was uploaded with."
    )
    resume_text = models.TextField(blank=True, help_text="Text extracted from the resume.")
    resume_status = models.CharField(
        max_length=20, choices=ResumeStatus.choices, default=ResumeStatus.NONE
    )
    # Kept up to date by candidates.services (PostgreSQL full-text search; NULL on SQLite).
    search_vector = SearchVectorField(null=True, editable=False)
    # Term weights for Find Similar (skills, title words, the resume's key words).
    profile_terms = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = (
        "first_name",
        "last_name",
        "email",
        "phone",
        "location",
        "current_title",
        "current_company",
        "skills",
        "links",
        "resume",
        "resume_filename",
        "resume_text",
        "profile_terms",
    )
    not_personal = ("source", "resume_status")
    personal_data_erased_by = "candidates.services.candidate_anonymise"

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="candidate_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class JournalEntry(models.Model):
    """One engagement with a candidate. Append-only: written by services, never edited."""

    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        EMAIL = "email", "Email"
        STAGE_MOVE = "stage_move", "Stage move"
        FEEDBACK = "feedback", "Feedback"
        SURVEY = "survey", "Survey answer"
        REPLY = "reply", "Candidate's reply"
        SYSTEM = "system", "System"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="journal")
    requisition = models.ForeignKey(
        "requisitions.Requisition",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="journal_entries",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Tandem itself wrote the entry.",
    )
    summary = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    message = models.OneToOneField(
        "notifications.OutboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entry",
        help_text="The outbound email this entry records; its delivery status is read from it.",
    )
    inbound = models.OneToOneField(
        "notifications.InboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="journal_entry",
        help_text="The candidate's email this entry records (a reply).",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("summary", "body")
    not_personal = ("kind",)
    personal_data_erased_by = "candidates.services.candidate_anonymise"

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "journal entries"
        indexes = [
            models.Index(fields=["candidate", "-created_at"]),
            # A dashboard's latest activity on the viewer's own requisitions.
            models.Index(fields=["requisition", "-created_at"], name="journal_by_req_latest_idx"),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def actor_label(self) -> str:
        return person_name(self.actor, nobody="system")


class VocabularyTerm(models.Model):
    """How many candidates' profiles hold a term: the document frequency behind Find Similar's IDF.

    Maintained by candidates.services whenever a candidate's profile terms change.
    """

    term = models.CharField(max_length=60, primary_key=True)
    document_count = models.PositiveIntegerField(default=0)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("term",)

    def __str__(self) -> str:
        return f"{self.term} ({self.document_count})"


class BenchmarkCandidate(models.Model):
    """A past successful hire chosen at intake to Find Similar people (10 at most per search)."""

    MAX_PER_REQUISITION = 10

    requisition = models.ForeignKey(
        "requisitions.Requisition", on_delete=models.CASCADE, related_name="benchmarks"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "candidate"], name="benchmark_unique_per_requisition"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} (benchmark for {self.requisition})"


from candidates.conversations_models import (  # noqa: E402
    Mention,
    ReplyAttachment,
    ScheduledMessage,
)

__all__ = [
    "BenchmarkCandidate",
    "Candidate",
    "JournalEntry",
    "Mention",
    "ReplyAttachment",
    "ScheduledMessage",
    "VocabularyTerm",
]
