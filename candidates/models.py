from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class Candidate(models.Model):
    """A person in the candidate database: the recruiter's memory."""

    class Source(models.TextChoices):
        CAREER_SITE = "career_site", "Career site"
        REFERRAL = "referral", "Referral"
        SOURCED = "sourced", "Sourced"
        AGENCY = "agency", "Agency"
        JOB_BOARD = "job_board", "Job board"
        OTHER = "other", "Other"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

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
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "journal entries"
        indexes = [models.Index(fields=["candidate", "-created_at"])]

    def __str__(self) -> str:
        return self.summary

    @property
    def actor_label(self) -> str:
        return self.actor.get_full_name() or self.actor.get_username() if self.actor else "system"
