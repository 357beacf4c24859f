from django.conf import settings
from django.db import models
from django.db.models import Q
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from ats.roles import roles_for


def can_run_the_search(instance: "Requisition", user) -> bool:
    """Recruiters and admins open, hold, resume, fill and cancel requisitions."""
    return roles_for(user).sees_everything


class Requisition(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The search for one role, run by a recruiter and a hiring manager together."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        ON_HOLD = "on_hold", "On hold"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        CONTRACT = "contract", "Contract"
        TEMPORARY = "temporary", "Temporary"
        INTERNSHIP = "internship", "Internship"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    department = models.CharField(max_length=100)
    location = models.CharField(max_length=150)
    employment_type = models.CharField(
        max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    headcount = models.PositiveSmallIntegerField(default=1)
    description = models.TextField("public job description", blank=True)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="managed_requisitions"
    )
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="recruited_requisitions",
        null=True,
        blank=True,
        help_text="Empty while a hiring manager's request waits for a recruiter.",
    )
    target_fill_date = models.DateField(null=True, blank=True)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True, db_index=True)
    cancel_reason = models.TextField(blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="requisition_headcount_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    # Transitions run only through requisitions.services.requisition_move, which checks the
    # permission (django-fsm-2 does not) and the guards, locks the row and records the move.
    @transition(
        field=status, source=Status.DRAFT, target=Status.OPEN, permission=can_run_the_search
    )
    def open(self):
        pass

    @transition(
        field=status, source=Status.OPEN, target=Status.ON_HOLD, permission=can_run_the_search
    )
    def hold(self):
        pass

    @transition(
        field=status, source=Status.ON_HOLD, target=Status.OPEN, permission=can_run_the_search
    )
    def resume(self):
        pass

    @transition(
        field=status, source=Status.OPEN, target=Status.FILLED, permission=can_run_the_search
    )
    def fill(self):
        pass

    @transition(
        field=status,
        source=[Status.DRAFT, Status.OPEN, Status.ON_HOLD],
        target=Status.CANCELLED,
        permission=can_run_the_search,
    )
    def cancel(self):
        pass


class Criterion(models.Model):
    """What the search is for: exactly 3 must-haves and 3-5 nice-to-haves ("be realistic")."""

    class Kind(models.TextChoices):
        MUST_HAVE = "must_have", "Must-have"
        NICE_TO_HAVE = "nice_to_have", "Nice-to-have"

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="criteria")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=120, help_text="A short skill or trait.")
    guidance = models.TextField(blank=True, help_text="What interviewers should look for.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["requisition", "kind", "order", "id"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"
