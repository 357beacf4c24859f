"""What the public careers site stores: answers to application questions, candidate surveys, and
the record of every erasure (kept without personal data)."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q


class KnockoutAnswer(models.Model):
    """A candidate's answer to one application question, as given on the public form.

    `prompt` keeps the question's text, so the answer still reads when the question is edited
    or removed later.
    """

    application = models.ForeignKey(
        "workflows.Application", on_delete=models.CASCADE, related_name="knockout_answers"
    )
    question = models.ForeignKey(
        "requisitions.KnockoutQuestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
    )
    prompt = models.CharField(max_length=200)
    answer = models.CharField(max_length=1000, blank=True)
    passed = models.BooleanField(help_text="Whether the answer met the requirement.")
    created_at = models.DateTimeField(auto_now_add=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("answer",)
    not_personal = ("prompt",)
    personal_data_owner = "application__candidate"

    class Meta:
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"],
                condition=Q(question__isnull=False),
                name="knockout_answer_once_per_question",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prompt}: {self.answer}"


def submitted_resume_upload_to(instance: SubmittedResume, filename: str) -> str:
    """A random stored name under MEDIA_ROOT (outside the web root); only the extension is kept."""
    return f"resumes/submitted/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class SubmittedResume(models.Model):
    """A resume sent with an application by someone already in the candidate database.

    The public form never replaces a profile's resume (anyone can type an email address); the
    new file is kept here, with the application, for the recruiter to look at and decide.
    """

    application = models.OneToOneField(
        "workflows.Application", on_delete=models.CASCADE, related_name="submitted_resume"
    )
    file = models.FileField(upload_to=submitted_resume_upload_to, max_length=200)
    filename = models.CharField(max_length=255, help_text="The name the file was uploaded with.")
    created_at = models.DateTimeField(auto_now_add=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("file", "filename")
    not_personal = ()
    personal_data_owner = "application__candidate"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Resume submitted with {self.application}"


def _new_token() -> uuid.UUID:
    return uuid.uuid4()


class Survey(models.Model):
    """A candidate's survey about one application, sent once per occasion (e.g. an interview).

    The link carries a signed form of `token`; it works once and until `expires_at`.
    """

    application = models.ForeignKey(
        "workflows.Application", on_delete=models.CASCADE, related_name="surveys"
    )
    occasion = models.CharField(
        max_length=100, help_text="Why it was sent, e.g. interview:12; one survey per occasion."
    )
    token = models.UUIDField(default=_new_token, unique=True, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True, db_index=True)
    nps = models.PositiveSmallIntegerField("likelihood to recommend (0-10)", null=True, blank=True)
    recruiter_rating = models.PositiveSmallIntegerField(
        "recruiter's communication (1-5)", null=True, blank=True
    )
    interviewers_rating = models.PositiveSmallIntegerField(
        "interviewers and hiring manager (1-5)", null=True, blank=True
    )
    comment = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("comment",)
    not_personal = ("occasion",)
    personal_data_owner = "application__candidate"

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "occasion"], name="survey_once_per_occasion"
            ),
            models.CheckConstraint(
                condition=Q(nps__isnull=True) | Q(nps__lte=10), name="survey_nps_0_to_10"
            ),
            models.CheckConstraint(
                condition=Q(recruiter_rating__isnull=True)
                | Q(recruiter_rating__gte=1, recruiter_rating__lte=5),
                name="survey_recruiter_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(interviewers_rating__isnull=True)
                | Q(interviewers_rating__gte=1, interviewers_rating__lte=5),
                name="survey_interviewers_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(nps__isnull=False),
                name="survey_answered_has_nps",
            ),
        ]

    def __str__(self) -> str:
        return f"Survey {self.occasion} ({'answered' if self.answered_at else 'open'})"


class ErasureRecord(models.Model):
    """That a candidate's personal data was erased, when, why and by whom — and nothing personal.

    `candidate` still points at the anonymised row (kept so statistics stay whole).
    """

    class Reason(models.TextChoices):
        REQUEST = "request", "On request"
        RETENTION = "retention", "Retention period ended"

    candidate = models.OneToOneField(
        "candidates.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erasure",
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    category = models.CharField(
        max_length=40, blank=True, help_text="The retention category that expired, if any."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the retention sweep erased it.",
    )
    counts = models.JSONField(
        default=dict, blank=True, help_text="How many rows of each kind were redacted."
    )
    erased_at = models.DateTimeField(db_index=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("reason", "category", "counts")

    class Meta:
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return f"Erasure #{self.pk} ({self.get_reason_display()}, {self.erased_at:%Y-%m-%d})"
