from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from ats.guards import Guard
from ats.rules import rule

TRANSITIONS = ("open", "hold", "resume", "fill", "cancel")
MUST_HAVES = 3
NICE_TO_HAVES_MIN, NICE_TO_HAVES_MAX = 3, 5
_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


def _word(n: int) -> str:
    return _WORDS.get(n, str(n))


def criteria_problems(*, must_haves: int, nice_to_haves: int) -> list[str]:
    """What is wrong with these counts ("be realistic": exactly 3 must-haves, 3-5 nice-to-haves).

    One sentence per kind that is off, saying precisely what to do; empty when the counts are right.
    """
    problems = []
    if must_haves == 0:
        problems.append("Add three must-haves (exactly 3 are needed).")
    elif must_haves < MUST_HAVES:
        missing = MUST_HAVES - must_haves
        problems.append(
            "Add one more must-have."
            if missing == 1
            else f"Add {_word(missing)} more must-haves (exactly 3 are needed)."
        )
    elif must_haves > MUST_HAVES:
        extra = must_haves - MUST_HAVES
        problems.append(f"Exactly 3 must-haves: remove {_word(extra)}.")
    if nice_to_haves == 0:
        problems.append("Add at least three nice-to-haves (3 to 5).")
    elif nice_to_haves < NICE_TO_HAVES_MIN:
        missing = NICE_TO_HAVES_MIN - nice_to_haves
        problems.append(
            "Add one more nice-to-have."
            if missing == 1
            else f"Add {_word(missing)} more nice-to-haves (at least 3)."
        )
    elif nice_to_haves > NICE_TO_HAVES_MAX:
        extra = nice_to_haves - NICE_TO_HAVES_MAX
        problems.append(f"At most 5 nice-to-haves: remove {_word(extra)}.")
    return problems


# Recruiters and admins open, hold, resume, fill and cancel requisitions (ats/rules.py).
RUN_THE_SEARCH = rule("requisitions.move_requisition")


class Duty(models.TextChoices):
    """What each side promises to do, and how fast (the SLAs agreed at intake)."""

    INTAKE_SCHEDULING = "intake_scheduling", "Intake meeting scheduled"
    FIRST_SCREENING = "first_screening", "Recruiter first screening"
    SHORTLIST_REVIEW = "shortlist_review", "HM shortlist review"
    INTERVIEW_FEEDBACK = "interview_feedback", "Interview feedback"
    CANDIDATE_UPDATE = "candidate_update", "Candidate update cadence"


# Who owns each duty, and the hours Tandem suggests until an admin sets SLA defaults.
DUTY_OWNER = {
    Duty.INTAKE_SCHEDULING: "recruiter",
    Duty.FIRST_SCREENING: "recruiter",
    Duty.SHORTLIST_REVIEW: "hiring manager",
    Duty.INTERVIEW_FEEDBACK: "interviewers",
    Duty.CANDIDATE_UPDATE: "recruiter",
}
DUTY_DEFAULT_HOURS = {
    Duty.INTAKE_SCHEDULING: 48,
    Duty.FIRST_SCREENING: 48,
    Duty.SHORTLIST_REVIEW: 48,
    Duty.INTERVIEW_FEEDBACK: 24,
    Duty.CANDIDATE_UPDATE: 120,
}
SLA_MAX_HOURS = 24 * 90


# --- the guards of `open`: pure reads that say what is missing -----------------------------


def _counts(requisition: Requisition) -> tuple[int, int]:
    kinds = [criterion.kind for criterion in requisition.criteria.all()]
    return kinds.count(Criterion.Kind.MUST_HAVE), kinds.count(Criterion.Kind.NICE_TO_HAVE)


def _must_haves_missing(requisition: Requisition) -> str | None:
    must, _nice = _counts(requisition)
    problems = criteria_problems(must_haves=must, nice_to_haves=NICE_TO_HAVES_MIN)
    return problems[0] if problems else None


def _nice_to_haves_missing(requisition: Requisition) -> str | None:
    _must, nice = _counts(requisition)
    problems = criteria_problems(must_haves=MUST_HAVES, nice_to_haves=nice)
    return problems[0] if problems else None


def _stage_missing(requisition: Requisition) -> str | None:
    if requisition.stages.all():
        return None
    return "Plan at least one interview stage."


def _slas_missing(requisition: Requisition) -> str | None:
    agreed = {level.duty for level in requisition.service_levels.all()}
    missing = [label for value, label in Duty.choices if value not in agreed]
    if not missing:
        return None
    return "Agree the SLAs (hours for: " + ", ".join(missing) + ")."


def _intake_not_held(requisition: Requisition) -> str | None:
    intake = requisition.intake_or_none
    if intake is not None and intake.held:
        return None
    return "Hold the intake meeting and mark it as held."


def _no_recruiter(requisition: Requisition) -> str | None:
    return None if requisition.recruiter_id else "Assign a recruiter."


INTAKE_GUARDS = [
    Guard("three_must_haves", _must_haves_missing),
    Guard("three_to_five_nice_to_haves", _nice_to_haves_missing),
    Guard("interview_stage_planned", _stage_missing),
    Guard("slas_agreed", _slas_missing),
    Guard("intake_held", _intake_not_held),
    Guard("recruiter_assigned", _no_recruiter),
]


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
    published = models.BooleanField(
        "listed on the job board",
        default=True,
        help_text="While open, the requisition is on the public job board at /jobs/ "
        "(switch off for a confidential or referral-only search).",
    )
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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = (
        "title",
        "slug",
        "department",
        "location",
        "employment_type",
        "description",
        "status",
        "cancel_reason",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(headcount__gte=1), name="requisition_headcount_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.FILLED, self.Status.CANCELLED)

    @property
    def intake_or_none(self) -> IntakeMeeting | None:
        try:
            return self.intake
        except IntakeMeeting.DoesNotExist:
            return None

    # Transitions run only through requisitions.services.requisition_move, which checks the
    # permission (django-fsm-2 does not) and the guards, locks the row and records the move.
    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.OPEN,
        permission=RUN_THE_SEARCH,
        conditions=INTAKE_GUARDS,
    )
    def open(self):
        pass

    @transition(field=status, source=Status.OPEN, target=Status.ON_HOLD, permission=RUN_THE_SEARCH)
    def hold(self):
        pass

    @transition(field=status, source=Status.ON_HOLD, target=Status.OPEN, permission=RUN_THE_SEARCH)
    def resume(self):
        pass

    @transition(field=status, source=Status.OPEN, target=Status.FILLED, permission=RUN_THE_SEARCH)
    def fill(self):
        pass

    @transition(
        field=status,
        source=[Status.DRAFT, Status.OPEN, Status.ON_HOLD],
        target=Status.CANCELLED,
        permission=RUN_THE_SEARCH,
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

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("kind", "name", "guidance")

    class Meta:
        ordering = ["requisition", "kind", "order", "id"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class IntakeMeeting(models.Model):
    """The kick-off meeting: what the team needs, where to search, and when it was held."""

    class RemotePolicy(models.TextChoices):
        UNDECIDED = "", "Not decided"
        ON_SITE = "on_site", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    requisition = models.OneToOneField(Requisition, on_delete=models.CASCADE, related_name="intake")
    responsibilities = models.TextField(
        "team responsibilities",
        blank=True,
        max_length=4000,
        help_text="What the new hire will own in the team.",
    )
    notes = models.TextField(blank=True, max_length=4000)
    meeting_at = models.DateTimeField("meeting date", null=True, blank=True)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="intake_meetings"
    )
    held = models.BooleanField("intake held", default=False)
    # The sourcing strategy, as lists (one item per line on the page).
    remote_policy = models.CharField(
        max_length=10, choices=RemotePolicy.choices, blank=True, default=RemotePolicy.UNDECIDED
    )
    locations = models.JSONField(default=list, blank=True)
    target_companies = models.JSONField(default=list, blank=True)
    job_boards = models.JSONField(default=list, blank=True)
    keywords = models.JSONField(default=list, blank=True)
    referral_notes = models.TextField(blank=True, max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = (
        "responsibilities",
        "notes",
        "remote_policy",
        "locations",
        "target_companies",
        "job_boards",
        "keywords",
        "referral_notes",
    )

    def __str__(self) -> str:
        return f"Intake for {self.requisition}"


class InterviewStage(models.Model):
    """One step of the interview plan agreed at intake."""

    class FollowUpBy(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        INTERVIEWERS = "interviewers", "Interviewers"

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    focus_areas = models.ManyToManyField(
        Criterion,
        blank=True,
        related_name="stages",
        help_text="The criteria this stage assesses.",
    )
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="interview_stages")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    follow_up_by = models.CharField(
        "follow-up expected from",
        max_length=20,
        choices=FollowUpBy.choices,
        default=FollowUpBy.RECRUITER,
    )

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("name", "follow_up_by")

    class Meta:
        ordering = ["requisition", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5) & Q(duration_minutes__lte=480),
                name="interview_stage_duration_5_to_480",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ServiceLevel(models.Model):
    """An SLA both sides agreed at intake: `duty` is done within `hours`."""

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="service_levels"
    )
    duty = models.CharField(max_length=30, choices=Duty.choices)
    hours = models.PositiveIntegerField()
    agreed_at = models.DateTimeField(auto_now=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("duty",)

    class Meta:
        ordering = ["requisition", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requisition", "duty"], name="service_level_unique"),
            models.CheckConstraint(condition=Q(hours__gte=1), name="service_level_hours_gte_1"),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()}: {self.hours} h"

    @property
    def owner(self) -> str:
        return DUTY_OWNER[self.duty]


class ServiceLevelDefault(models.Model):
    """What the SLA form is prefilled with (admins configure these)."""

    duty = models.CharField(max_length=30, choices=Duty.choices, unique=True)
    hours = models.PositiveIntegerField()

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("duty",)

    class Meta:
        ordering = ["id"]
        verbose_name = "SLA default"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1), name="service_level_default_hours_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()}: {self.hours} h"


class RequisitionEvent(models.Model):
    """The requisition's own log: creation, status moves, criteria changes after opening."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        REQUESTED = "requested", "Requested"
        UPDATED = "updated", "Details edited"
        MOVED = "moved", "Status changed"
        INTAKE_HELD = "intake_held", "Intake held"
        CRITERIA_CHANGED = "criteria_changed", "Criteria changed"
        PLAN_CHANGED = "plan_changed", "Interview plan changed"

    requisition = models.ForeignKey(Requisition, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when Tandem itself acted.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    summary = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("kind", "summary")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requisition", "-created_at"])]

    def __str__(self) -> str:
        return self.summary


def _number(value) -> str:
    """2.50 → "2.5", 3.00 → "3"; None → ""."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class KnockoutQuestion(models.Model):
    """A question on the public application form (defined at intake or in admin).

    A yes/no question has the answer it requires; a number question a minimum and/or maximum;
    a choice question its options and which of them are accepted. An answer outside what is
    required knocks the application out (it is rejected at once with a system disposition).
    A free-text question is a custom question: asked, stored, never a knock-out.
    """

    class Kind(models.TextChoices):
        YES_NO = "yes_no", "Yes / no"
        NUMBER = "number", "Number"
        CHOICE = "choice", "Choice"
        TEXT = "text", "Free text (never a knock-out)"

    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="knockout_questions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    prompt = models.CharField(max_length=200, help_text="The question, as the candidate reads it.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.YES_NO)
    required_answer = models.BooleanField(
        null=True, blank=True, help_text="Yes / no: the answer the role requires."
    )
    minimum = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Number: at least this."
    )
    maximum = models.DecimalField(
        max_digits=9, decimal_places=2, null=True, blank=True, help_text="Number: at most this."
    )
    options = models.JSONField(default=list, blank=True, help_text="Choice: the options offered.")
    accepted_options = models.JSONField(
        default=list, blank=True, help_text="Choice: the options that pass (a subset of options)."
    )

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("prompt", "kind", "options", "accepted_options")

    class Meta:
        ordering = ["requisition", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="yes_no") | Q(required_answer__isnull=False),
                name="knockout_yes_no_has_required_answer",
            ),
            models.CheckConstraint(
                condition=~Q(kind="number") | Q(minimum__isnull=False) | Q(maximum__isnull=False),
                name="knockout_number_has_a_bound",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True)
                | Q(maximum__isnull=True)
                | Q(minimum__lte=models.F("maximum")),
                name="knockout_minimum_lte_maximum",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt

    def clean(self) -> None:
        problems = self.problems()
        if problems:
            raise ValidationError(problems)

    @property
    def is_knockout(self) -> bool:
        return self.kind != self.Kind.TEXT

    def problems(self) -> list[str]:
        """What is wrong with this definition (empty when it is complete)."""
        problems = []
        if not self.prompt.strip():
            problems.append("Write the question.")
        if self.kind == self.Kind.YES_NO and self.required_answer is None:
            problems.append("Say which answer the role requires (yes or no).")
        if self.kind == self.Kind.NUMBER:
            if self.minimum is None and self.maximum is None:
                problems.append("Give a minimum, a maximum or both.")
            elif (
                self.minimum is not None
                and self.maximum is not None
                and self.minimum > self.maximum
            ):
                problems.append("The minimum is larger than the maximum.")
        if self.kind == self.Kind.CHOICE:
            if len(self.options) < 2:
                problems.append("Offer at least two options.")
            if not self.accepted_options:
                problems.append("Accept at least one of the options.")
            elif not set(self.accepted_options) <= set(self.options):
                problems.append("Accepted options must be among the options offered.")
        return problems

    def passes(self, answer) -> bool:
        """Whether a cleaned answer (bool, Decimal, option text or text) meets the requirement."""
        if self.kind == self.Kind.YES_NO:
            return answer is self.required_answer
        if self.kind == self.Kind.NUMBER:
            if answer is None:
                return False
            if self.minimum is not None and answer < self.minimum:
                return False
            return not (self.maximum is not None and answer > self.maximum)
        if self.kind == self.Kind.CHOICE:
            return answer in self.accepted_options
        return True

    @property
    def requirement(self) -> str:
        """The rule in words, for the recruiter (never shown to candidates)."""
        if self.kind == self.Kind.YES_NO:
            return f"requires “{'yes' if self.required_answer else 'no'}”"
        if self.kind == self.Kind.NUMBER:
            low, high = _number(self.minimum), _number(self.maximum)
            if low and high:
                return f"between {low} and {high}"
            return f"at least {low}" if low else f"at most {high}"
        if self.kind == self.Kind.CHOICE:
            return "accepts " + ", ".join(f"“{o}”" for o in self.accepted_options)
        return "not a knock-out"
