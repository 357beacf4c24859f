from django.conf import settings
from django.db import models
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin


class DispositionReason(models.Model):
    """Why an application ended (admin-managed list, grouped)."""

    class Group(models.TextChoices):
        CANDIDATE_WITHDREW = "candidate_withdrew", "Candidate withdrew"
        WE_DECLINED = "we_declined", "We declined"
        KNOCK_OUT = "knock_out", "Knock-out"
        OFFER_DECLINED = "offer_declined", "Offer declined"
        OTHER = "other", "Other"

    group = models.CharField(max_length=30, choices=Group.choices)
    label = models.CharField(max_length=150)
    active = models.BooleanField(default=True)
    is_system = models.BooleanField(
        default=False, help_text="Used by Tandem itself (e.g. knock-outs); not offered in forms."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group", "order", "label"]
        constraints = [
            models.UniqueConstraint(fields=["group", "label"], name="disposition_reason_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.label}"


class Application(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A candidate on a requisition; its `state` moves only through guarded transitions."""

    class State(models.TextChoices):
        APPLIED = "applied", "Applied"
        SCREENING = "screening", "Screening"
        SHORTLISTED = "shortlisted", "Shortlisted"
        INTERVIEWING = "interviewing", "Interviewing"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="applications"
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition", on_delete=models.PROTECT, related_name="applications"
    )
    state = FSMField(default=State.APPLIED, choices=State.choices, protected=True, db_index=True)
    source = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state_changed_at = models.DateTimeField(auto_now_add=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "requisition"], name="application_unique_per_requisition"
            ),
        ]
        indexes = [models.Index(fields=["requisition", "state"])]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.requisition}"
