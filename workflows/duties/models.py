from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone


def is_overdue(due_at, *, now=None) -> bool:
    """The one definition of overdue, for every page, report and sweep: the deadline has passed
    (`due_at < now`). `TaskQuerySet.overdue` is the same in SQL."""
    return due_at < (now or timezone.now())


class TaskQuerySet(models.QuerySet):
    def open(self) -> "TaskQuerySet":
        return self.filter(completed_at__isnull=True)

    def overdue(self, now=None) -> "TaskQuerySet":
        """Open tasks whose deadline has passed (see `is_overdue`)."""
        return self.open().filter(due_at__lt=now or timezone.now())


class Task(models.Model):
    """A duty with an owner and a deadline. Open blocking tasks hold an application's forward moves.

    Reminders and escalations (reminded_at / escalated_at) are swept by Celery beat over `due_at`
    (workflows/sweeps.py), through partial indexes of the open tasks not yet reminded / escalated.
    Tasks of the kinds in AUTOMATIC_KINDS are completed by the action that fulfils them (the HM's
    decision, the screening form, the scorecard, the intake held); the others by their owner.
    """

    class Kind(models.TextChoices):
        INTAKE = "intake", "Intake meeting"
        SCREENING = "screening", "Screening"
        REVIEW = "review", "Shortlist review"
        FEEDBACK = "feedback", "Interview feedback"
        OFFER = "offer", "Offer"
        CANDIDATE_UPDATE = "candidate_update", "Candidate update"
        CANDIDATE_REPLY = "candidate_reply", "Answer the candidate"
        CLOSE_REST = "close_rest", "Close the remaining applications"
        OTHER = "other", "Other"

    AUTOMATIC_KINDS = frozenset(
        {Kind.INTAKE, Kind.SCREENING, Kind.REVIEW, Kind.FEEDBACK, Kind.CLOSE_REST}
    )

    application = models.ForeignKey(
        "workflows.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition", on_delete=models.CASCADE, related_name="tasks"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tasks"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    title = models.CharField(max_length=200)
    due_at = models.DateTimeField(db_index=True)
    blocking = models.BooleanField(
        default=False, help_text="While open, the application cannot move forward."
    )
    # What makes the task unique (e.g. "review:application:42:transition:7"): creating it again
    # for the same occasion finds the existing one. Empty for tasks made by hand.
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # When Tandem tells the owner about the task in a batched digest (the HM's screening digest);
    # NULL when there is nothing to announce, or once announced.
    announce_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Tandem completed it (the fulfilling action happened).",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("title",)
    not_personal = ("kind", "key")
    personal_data_owner = "application__candidate"
    erased_as = {"title": "Duty about a candidate whose data was erased"}

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["application"],
                condition=Q(blocking=True, completed_at__isnull=True),
                name="task_open_blocking_idx",
            ),
            # The sweeps read only these: open tasks still to remind / escalate, by due time.
            models.Index(
                fields=["due_at"],
                condition=Q(completed_at__isnull=True, reminded_at__isnull=True),
                name="task_to_remind_idx",
            ),
            models.Index(
                fields=["due_at"],
                condition=Q(completed_at__isnull=True, escalated_at__isnull=True),
                name="task_to_escalate_idx",
            ),
            models.Index(
                fields=["announce_at"],
                condition=Q(announce_at__isnull=False),
                name="task_to_announce_idx",
            ),
            models.Index(
                fields=["owner", "due_at"],
                condition=Q(completed_at__isnull=True),
                name="task_open_by_owner_idx",
            ),
            # "Waiting on hiring managers": a recruiter's requisitions' open HM duties.
            models.Index(
                fields=["requisition", "owner", "due_at"],
                condition=Q(completed_at__isnull=True),
                name="task_open_by_req_owner_idx",
            ),
            # The communication board's next step per application.
            models.Index(
                fields=["application", "due_at"],
                condition=Q(completed_at__isnull=True),
                name="task_open_by_application_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.kind == self.Kind.CLOSE_REST:
            return reverse("workflows:close-rest", args=[self.requisition_id])
        if self.application_id:
            return reverse("workflows:application-detail", args=[self.application_id])
        return reverse("requisitions:detail", args=[self.requisition_id])

    @property
    def is_automatic(self) -> bool:
        """Completed by the action that fulfils it, not by a click."""
        return self.kind in self.AUTOMATIC_KINDS

    @property
    def is_overdue(self) -> bool:
        return self.completed_at is None and is_overdue(self.due_at)


class RejectionNotice(models.Model):
    """The candidate's rejection email, due `delay` after the move that ended the application.

    Written by `application_move` (reject, decline, withdraw); sent by a sweep when due; cancelled
    when the application is reopened first. One per ending move.
    """

    application = models.ForeignKey(
        "workflows.Application", on_delete=models.CASCADE, related_name="rejection_notices"
    )
    move = models.OneToOneField(
        "workflows.ApplicationTransition", on_delete=models.CASCADE, related_name="rejection_notice"
    )
    template_key = models.SlugField(max_length=100)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey(
        "notifications.OutboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("template_key",)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
                name="rejection_notice_pending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} for {self.application}"


class BounceHandled(models.Model):
    """A bounced message whose consequences (address marked, journal, alert) were carried out."""

    message = models.OneToOneField(
        "notifications.OutboundMessage", on_delete=models.CASCADE, related_name="+"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Bounce of {self.message_id}"
