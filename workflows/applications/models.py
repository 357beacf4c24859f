from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from ats.people import person_name
from candidates.models import Candidate
from workflows.applications import guards


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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("group", "label")

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
        from workflows.duties.models import Task

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

    Transitions run only through `applications.services.application_move`, which checks the
    permission (django-fsm-2 does not), the guards (applications/guards.py), locks the row, logs
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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("disposition_note", "decline_feedback")
    not_personal = ("state", "source")
    personal_data_owner = "candidate"

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
        from workflows.interviews.models import interviews_outstanding_for

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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("note", "override_justification")
    not_personal = ("transition", "from_state", "to_state", "overridden_guards")
    personal_data_owner = "application__candidate"

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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("text",)

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

    @property
    def form_key(self) -> str:
        """The form field's name: by must-have for a rating question (the same whether or not
        its row exists yet), by id for a custom one."""
        return f"c{self.criterion_id}" if self.is_rating else f"q{self.pk}"

    @classmethod
    def default_for(cls, criterion) -> "ScreeningQuestion":
        """The default question rating `criterion` (a must-have), not saved."""
        return cls(
            requisition_id=criterion.requisition_id,
            criterion=criterion,
            text=f"How well does the candidate meet the must-have “{criterion.name}”?",
            required=True,
            order=criterion.order,
        )


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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("summary",)
    not_personal = ()
    personal_data_owner = "application__candidate"
    erased_as = {"summary": "[redacted]"}

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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ("text",)
    not_personal = ()
    personal_data_owner = "response__application__candidate"

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
