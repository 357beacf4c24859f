import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from workflows.applications.models import Application


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
    `workflows.interviews.services` services.
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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("preparation_notes", "cancel_reason")
    not_personal = ("location", "video_link", "status", "ics_uid")
    personal_data_owner = "application__candidate"

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
    def has_started(self) -> bool:
        """Whether its start time has come: only then may it be marked held."""
        return self.starts_at <= timezone.now()

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
        "workflows.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="panelist"
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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("notes", "correction_reason")
    not_personal = ("recommendation",)
    personal_data_owner = "interview__application__candidate"
    erased_as = {"notes": "[redacted]"}

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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("evidence",)
    not_personal = ()
    personal_data_owner = "scorecard__interview__application__candidate"

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
    held: dict[str, object] = {"interview__status": Interview.Status.COMPLETED}
    if requisition is None:
        held["interview__application_id__in"] = list(result)
    else:
        held["interview__application__requisition"] = requisition
        held["interview__application__state"] = Application.State.INTERVIEWING
    done = _stages_done(held)
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


def _stages_done(held: dict) -> dict[tuple[int, int], list[str]]:
    """(application, stage) → who still owes a scorecard for its held interview ([] when none).

    `held` filters panelists of the completed interviews in question. Where a stage was held more
    than once, a fully scored interview counts over one still missing scorecards.
    """
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
    return done


def interviews_outstanding_attach(applications, *, requisition) -> None:
    """Fill `interviews_outstanding` on every one of `requisition`'s `applications` at once."""
    applications = list(applications)
    outstanding = interviews_outstanding_for(applications, requisition=requisition)
    for app in applications:
        app.__dict__["interviews_outstanding"] = outstanding[app.pk]
