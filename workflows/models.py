import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from ats.people import person_name
from candidates.models import Candidate
from workflows import guards


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


class ApplicationQuerySet(models.QuerySet):
    def with_guard_facts(self) -> "ApplicationQuerySet":
        """Annotate what the guards read, so a page of many applications costs one query."""
        return self.annotate(
            screening_completed=Exists(
                ScreeningResponse.objects.filter(
                    application=OuterRef("pk"), completed_at__isnull=False
                )
            ),
            open_blocking_tasks=Exists(
                Task.objects.filter(
                    application=OuterRef("pk"), blocking=True, completed_at__isnull=True
                )
            ),
        )

    def reached(self, state: str) -> "ApplicationQuerySet":
        """Applications that were in `state` at some point (read from the transition log)."""
        return self.filter(
            Exists(ApplicationTransition.objects.filter(application=OuterRef("pk"), to_state=state))
        )


ACTIVE_STATES = ["applied", "screening", "shortlisted", "interviewing", "offer"]


class Application(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """A candidate on a requisition; its `state` moves only through guarded transitions.

    Transitions run only through `workflows.services.application_move`, which checks the
    permission (django-fsm-2 does not), the guards (workflows/guards.py), locks the row, logs
    the move and journals it.
    """

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
    # Why the application ended (rejected, declined, withdrawn); cleared when it is reopened.
    disposition_reason = models.ForeignKey(
        DispositionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    disposition_note = models.TextField(blank=True)
    # "No black hole": when the candidate is next due an update (the agreed cadence after the
    # last contact). Swept by beat; NULL once the application is no longer followed.
    contact_due_at = models.DateTimeField(null=True, blank=True)
    decline_feedback = models.TextField(
        blank=True, help_text="The hiring manager's feedback when declining from the shortlist."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "requisition"], name="application_unique_per_requisition"
            ),
        ]
        indexes = [
            models.Index(fields=["requisition", "state"]),
            models.Index(
                fields=["contact_due_at"],
                condition=Q(contact_due_at__isnull=False),
                name="application_contact_due_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.requisition}"

    def get_absolute_url(self) -> str:
        return reverse("workflows:application-detail", args=[self.pk])

    # --- what the guards read (annotated by `with_guard_facts()` on lists) ----------------------

    @cached_property
    def screening_completed(self) -> bool:
        return ScreeningResponse.objects.filter(
            application=self, completed_at__isnull=False
        ).exists()

    @cached_property
    def open_blocking_tasks(self) -> int:
        return self.tasks.filter(blocking=True, completed_at__isnull=True).count()

    @cached_property
    def interviews_outstanding(self) -> list[str]:
        """The planned stages not yet held with every scorecard in (`make_offer` reads it;
        lists fill it for many applications at once with `interviews_outstanding_attach`)."""
        return interviews_outstanding_for([self])[self.pk]

    @property
    def source_label(self) -> str:
        labels = dict(Candidate.Source.choices)
        return labels.get(self.source, self.source) or "—"

    @property
    def days_in_stage(self) -> int:
        return (timezone.now() - self.state_changed_at).days

    # --- transitions ----------------------------------------------------------------------------

    @transition(
        field=state,
        source=State.APPLIED,
        target=State.SCREENING,
        conditions=guards.FORWARD,
        permission=guards.is_recruiter_move,
    )
    def screen(self):
        pass

    @transition(
        field=state,
        source=State.SCREENING,
        target=State.SHORTLISTED,
        conditions=[*guards.FORWARD, guards.SCREENING_COMPLETE],
        permission=guards.is_recruiter_move,
    )
    def shortlist(self):
        pass

    @transition(
        field=state,
        source=State.SHORTLISTED,
        target=State.INTERVIEWING,
        conditions=guards.FORWARD,
        permission=guards.is_hiring_manager_move,
    )
    def accept(self):
        pass

    @transition(
        field=state,
        source=State.SHORTLISTED,
        target=State.REJECTED,
        conditions=[guards.DISPOSITION_REASON_GIVEN, guards.DECLINE_FEEDBACK_GIVEN],
        permission=guards.is_hiring_manager_move,
    )
    def decline(self):
        pass

    @transition(
        field=state,
        source=State.INTERVIEWING,
        target=State.OFFER,
        conditions=[*guards.FORWARD, guards.INTERVIEWS_DONE],
        permission=guards.is_recruiter_move,
    )
    def make_offer(self):
        pass

    @transition(
        field=state,
        source=State.OFFER,
        target=State.HIRED,
        conditions=guards.FORWARD,
        permission=guards.is_recruiter_move,
    )
    def hire(self):
        pass

    @transition(
        field=state,
        source=ACTIVE_STATES,
        target=State.REJECTED,
        conditions=[guards.DISPOSITION_REASON_GIVEN],
        permission=guards.is_recruiter_move,
    )
    def reject(self):
        pass

    @transition(
        field=state,
        source=ACTIVE_STATES,
        target=State.WITHDRAWN,
        conditions=[guards.DISPOSITION_REASON_GIVEN],
        permission=guards.is_recruiter_move,
    )
    def withdraw(self):
        pass

    @transition(
        field=state,
        source=State.REJECTED,
        target=State.SCREENING,
        conditions=guards.FORWARD,
        permission=guards.is_recruiter_move,
    )
    def reopen(self):
        """Back to screening: the candidate is looked at again against the same criteria."""
        self.disposition_reason = None
        self.disposition_note = ""
        self.decline_feedback = ""


class ApplicationTransition(models.Model):
    """The log of every move: who, from, to, why; reports turn it into time-in-stage."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    transition = models.CharField(max_length=30)
    from_state = models.CharField(max_length=20, choices=Application.State.choices)
    to_state = models.CharField(max_length=20, choices=Application.State.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Tandem itself moved the application.",
    )
    reason = models.ForeignKey(
        DispositionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)
    overridden = models.BooleanField(
        default=False, help_text="An admin overrode a blocking guard to make this move."
    )
    override_justification = models.TextField(blank=True)
    overridden_guards = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["application", "to_state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(overridden=False) | ~Q(override_justification=""),
                name="transition_override_needs_justification",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_state} → {self.to_state}"

    @property
    def by_label(self) -> str:
        return person_name(self.by, nobody="Tandem")


class TaskQuerySet(models.QuerySet):
    def open(self) -> "TaskQuerySet":
        return self.filter(completed_at__isnull=True)


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
        OTHER = "other", "Other"

    AUTOMATIC_KINDS = frozenset({Kind.INTAKE, Kind.SCREENING, Kind.REVIEW, Kind.FEEDBACK})

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="tasks"
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
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.application_id:
            return reverse("workflows:application-detail", args=[self.application_id])
        return reverse("requisitions:detail", args=[self.requisition_id])

    @property
    def is_automatic(self) -> bool:
        """Completed by the action that fulfils it, not by a click."""
        return self.kind in self.AUTOMATIC_KINDS

    @property
    def is_overdue(self) -> bool:
        return self.completed_at is None and self.due_at <= timezone.now()


class RejectionNotice(models.Model):
    """The candidate's rejection email, due `delay` after the move that ended the application.

    Written by `application_move` (reject, decline, withdraw); sent by a sweep when due; cancelled
    when the application is reopened first. One per ending move.
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="rejection_notices"
    )
    move = models.OneToOneField(
        ApplicationTransition, on_delete=models.CASCADE, related_name="rejection_notice"
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


# --- screening ---------------------------------------------------------------------------------


class ScreeningQuestion(models.Model):
    """A question of a requisition's screening form: one per must-have (rated), plus custom ones."""

    requisition = models.ForeignKey(
        "requisitions.Requisition", on_delete=models.CASCADE, related_name="screening_questions"
    )
    criterion = models.ForeignKey(
        "requisitions.Criterion",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="screening_questions",
        help_text="Set for the question that rates a must-have; empty for a custom question.",
    )
    text = models.CharField(max_length=300)
    required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["requisition", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "criterion"],
                condition=Q(criterion__isnull=False),
                name="screening_question_one_per_criterion",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_rating(self) -> bool:
        return self.criterion_id is not None


class ScreeningResponse(models.Model):
    """The recruiter's screening of one application: a rating per must-have, answers, a summary."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="screening"
    )
    summary = models.TextField()
    rating = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The mean of the must-have ratings (1-5).",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Screening of {self.application}"


class ScreeningAnswer(models.Model):
    RATING_CHOICES = [
        (1, "1 — does not meet"),
        (2, "2 — partly meets"),
        (3, "3 — meets"),
        (4, "4 — exceeds"),
        (5, "5 — outstanding"),
    ]

    response = models.ForeignKey(
        ScreeningResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        ScreeningQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATING_CHOICES)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["question__order", "question_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="screening_answer_unique"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="screening_answer_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.rating or self.text}"


# --- interviews, scorecards, offers ------------------------------------------------------------


def new_ics_uid() -> str:
    """A calendar event UID, globally unique (RFC 5545 recommends an @-domain suffix)."""
    return f"{uuid.uuid4()}@tandem"


class InterviewQuerySet(models.QuerySet):
    def active(self) -> "InterviewQuerySet":
        """Interviews that happen or happened (not cancelled, not a no-show)."""
        return self.filter(status__in=[Interview.Status.SCHEDULED, Interview.Status.COMPLETED])

    def overlapping(self, starts_at, ends_at) -> "InterviewQuerySet":
        return self.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)


class Interview(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """An application's interview for one stage of the requisition's plan.

    `ics_uid` is the calendar event's UID for its whole life; `ics_sequence` grows with every
    reschedule (and the cancel), so calendars update the same event. Status moves only through
    `workflows.interviews` services.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"
        NO_SHOW = "no_show", "No-show"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="interviews"
    )
    stage = models.ForeignKey(
        "requisitions.InterviewStage", on_delete=models.PROTECT, related_name="interviews"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=300, blank=True, help_text="A room or an address.")
    video_link = models.URLField(max_length=500, blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="InterviewPanelist",
        through_fields=("interview", "user"),
        related_name="interviews",
    )
    preparation_notes = models.TextField(
        blank=True, help_text="Sent to the candidate with the preparation email."
    )
    status = FSMField(default=Status.SCHEDULED, choices=Status.choices, protected=True)
    ics_uid = models.CharField(max_length=255, unique=True, default=new_ics_uid, editable=False)
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    cancel_reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="interview_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["application", "stage"],
                condition=Q(status__in=["scheduled", "completed"]),
                name="interview_one_active_per_stage",
            ),
        ]
        indexes = [
            # The sweep that completes interviews whose end passed reads only scheduled ones.
            models.Index(
                fields=["ends_at"],
                condition=Q(status="scheduled"),
                name="interview_scheduled_end_idx",
            ),
            # The careers sweep that sends the survey after an interview reads recent ones.
            models.Index(
                fields=["completed_at"],
                condition=Q(status="completed"),
                name="interview_completed_at_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} with {self.application.candidate}"

    def get_absolute_url(self) -> str:
        return reverse("workflows:interview-kit", args=[self.pk])

    @property
    def where(self) -> str:
        return self.video_link or self.location or "To be confirmed"

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.SCHEDULED

    @transition(field=status, source=Status.SCHEDULED, target=Status.COMPLETED)
    def complete(self):
        self.completed_at = timezone.now()

    @transition(field=status, source=Status.SCHEDULED, target=Status.CANCELLED)
    def cancel(self):
        pass

    @transition(field=status, source=[Status.SCHEDULED, Status.COMPLETED], target=Status.NO_SHOW)
    def mark_no_show(self):
        pass


class InterviewPanelist(models.Model):
    """One interviewer on one interview, with the feedback duty the interview created for them."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panelists")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="interview_seats"
    )
    feedback_task = models.OneToOneField(
        Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="panelist"
    )

    class Meta:
        ordering = ["interview", "id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "user"], name="panelist_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.interview_id}"


class Scorecard(models.Model):
    """One interviewer's ratings of one interview, submitted once and read-only from then on.

    A correction is a new row (`version` + 1) that replaces the current one (`is_current`); the
    earlier versions stay for the record and the journal says who corrected what and why.
    """

    class Recommendation(models.TextChoices):
        STRONG_NO = "strong_no", "Strong no"
        NO = "no", "No"
        YES = "yes", "Yes"
        STRONG_YES = "strong_yes", "Strong yes"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scorecards"
    )
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    recommendation = models.CharField(max_length=20, choices=Recommendation.choices)
    notes = models.TextField("evidence and overall notes")
    correction_reason = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["interview", "interviewer", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer", "version"], name="scorecard_version_unique"
            ),
            models.UniqueConstraint(
                fields=["interview", "interviewer"],
                condition=Q(is_current=True),
                name="scorecard_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"Scorecard v{self.version} by {self.interviewer} on {self.interview_id}"


class ScorecardRating(models.Model):
    """The rating of one criterion in a scorecard, on the 4-point scale, with its evidence."""

    class Rating(models.IntegerChoices):
        STRONG_NO = 1, "Strong no"
        NO = 2, "No"
        YES = 3, "Yes"
        STRONG_YES = 4, "Strong yes"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(
        "requisitions.Criterion", on_delete=models.PROTECT, related_name="scorecard_ratings"
    )
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["scorecard", "criterion__kind", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"], name="scorecard_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=4), name="scorecard_rating_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.get_rating_display()}"


def interviews_outstanding_for(applications, *, requisition=None) -> dict[int, list[str]]:
    """For each application: the stages of its plan not yet done, as sentences for the page.

    A stage is done when it has a completed interview and every interviewer on it submitted a
    scorecard. Three queries for any number of applications; with `requisition` (a pipeline:
    all of them are on it) three queries even for none, so a page costs the same either way.
    """
    from requisitions.models import InterviewStage

    applications = list(applications)
    result: dict[int, list[str]] = {app.pk: [] for app in applications}
    if requisition is None and not applications:
        return result
    requisition_ids = (
        [requisition.pk] if requisition else list({app.requisition_id for app in applications})
    )
    stages: dict[int, list] = {}
    for stage in InterviewStage.objects.filter(requisition_id__in=requisition_ids).order_by(
        "order", "id"
    ):
        stages.setdefault(stage.requisition_id, []).append(stage)
    held = {"interview__status": Interview.Status.COMPLETED}
    if requisition is None:
        held["interview__application_id__in"] = list(result)
    else:
        held["interview__application__requisition"] = requisition
        held["interview__application__state"] = Application.State.INTERVIEWING
    panels: dict[int, tuple[tuple[int, int], dict[int, str]]] = {}
    for (
        interview_id,
        app_id,
        stage_id,
        user_id,
        first,
        last,
        username,
    ) in InterviewPanelist.objects.filter(**held).values_list(
        "interview_id",
        "interview__application_id",
        "interview__stage_id",
        "user_id",
        "user__first_name",
        "user__last_name",
        "user__username",
    ):
        _key, people = panels.setdefault(interview_id, ((app_id, stage_id), {}))
        people[user_id] = f"{first} {last}".strip() or username
    submitted = set(
        Scorecard.objects.filter(is_current=True, **held).values_list(
            "interview_id", "interviewer_id"
        )
    )
    done: dict[tuple[int, int], list[str]] = {}
    for interview_id, (key, people) in sorted(panels.items()):
        missing = [
            name for user_id, name in people.items() if (interview_id, user_id) not in submitted
        ]
        if key not in done or not missing:
            done[key] = missing
    for app in applications:
        for stage in stages.get(app.requisition_id, []):
            missing = done.get((app.pk, stage.pk))
            if missing is None:
                result[app.pk].append(f"The {stage.name} has not been held yet.")
            elif missing:
                result[app.pk].append(
                    f"The {stage.name} waits for the scorecard of {', '.join(missing)}."
                )
    return result


def interviews_outstanding_attach(applications, *, requisition) -> None:
    """Fill `interviews_outstanding` on every one of `requisition`'s `applications` at once."""
    applications = list(applications)
    outstanding = interviews_outstanding_for(applications, requisition=requisition)
    for app in applications:
        app.__dict__["interviews_outstanding"] = outstanding[app.pk]


class Offer(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The offer to an application's candidate: draft → approved (by the HM) → extended →
    accepted (hires the candidate) or declined (rejects the application with the reason).

    Status moves only through `workflows.offers.offer_move`, which journals every change.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        EXTENDED = "extended", "Extended"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="offers")
    salary = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default="EUR")
    start_date = models.DateField()
    respond_by = models.DateField(
        null=True, blank=True, help_text="Until when the offer is open (default: a week)."
    )
    notes = models.TextField(blank=True)
    status = FSMField(default=Status.DRAFT, choices=Status.choices, protected=True)
    decline_reason = models.ForeignKey(
        DispositionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    extended_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["draft", "approved", "extended"]),
                name="offer_one_open_per_application",
            ),
            models.CheckConstraint(condition=Q(salary__gt=Decimal(0)), name="offer_salary_gt_0"),
            models.CheckConstraint(
                condition=~Q(status="declined") | Q(decline_reason__isnull=False),
                name="offer_declined_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Offer to {self.application.candidate} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.APPROVED, self.Status.EXTENDED)

    @property
    def summary(self) -> str:
        start = self.start_date.strftime("%d %B %Y").lstrip("0")
        return f"{self.salary:,.0f} {self.currency} a year, starting {start}"

    @transition(field=status, source=Status.DRAFT, target=Status.APPROVED)
    def approve(self):
        self.approved_at = timezone.now()

    @transition(field=status, source=Status.APPROVED, target=Status.EXTENDED)
    def extend(self):
        self.extended_at = timezone.now()

    @transition(field=status, source=Status.EXTENDED, target=Status.ACCEPTED)
    def accept(self):
        self.decided_at = timezone.now()

    @transition(field=status, source=Status.EXTENDED, target=Status.DECLINED)
    def decline(self):
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=[Status.DRAFT, Status.APPROVED, Status.EXTENDED],
        target=Status.WITHDRAWN,
    )
    def withdraw(self):
        """The application ended (rejected or withdrawn) while the offer was open."""
        self.decided_at = timezone.now()
