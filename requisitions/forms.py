"""Forms of the requisition pages: they parse and explain; the services decide and write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ats.fields import ModelIdsField, PeopleChoiceField
from ats.people import person_name
from ats.roles import hiring_managers, recruiters
from requisitions.models import (
    DUTY_OWNER,
    SLA_MAX_HOURS,
    Criterion,
    Duty,
    IntakeMeeting,
    InterviewStage,
    KnockoutQuestion,
    Requisition,
    criteria_problems,
)
from requisitions.services import KNOCKOUT_MAX, CriterionInput, KnockoutInput, StageInput

User = get_user_model()
LIST_ITEM_MAX, LIST_MAX_ITEMS = 100, 30


def active_users():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RequisitionForm(forms.ModelForm):
    """Create or edit a requisition. Without `staffing`, the HM and recruiter fields are left out
    (a hiring manager requesting or editing their own request)."""

    hiring_manager = PersonChoiceField(
        queryset=hiring_managers(active_users()),
        label="Hiring manager",
        empty_label="Choose the hiring manager",
    )
    recruiter = PersonChoiceField(
        queryset=recruiters(active_users()),
        required=False,
        empty_label="Nobody yet",
    )
    headcount = forms.IntegerField(min_value=1, max_value=100, initial=1)

    class Meta:
        model = Requisition
        fields = [
            "title",
            "department",
            "location",
            "employment_type",
            "headcount",
            "target_fill_date",
            "hiring_manager",
            "recruiter",
            "description",
            "published",
        ]
        widgets = {
            "target_fill_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {"description": "The public job text candidates read on the job board."}

    def __init__(self, *args, staffing: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["published"]  # a new requisition is a draft: nothing to publish yet
        if not staffing:
            del self.fields["hiring_manager"]
            del self.fields["recruiter"]


class LineListField(forms.CharField):
    """A list edited one item per line (a sourcing list): blank lines and repeats are dropped."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        items, seen = [], set()
        for line in text.splitlines():
            item = " ".join(line.split())
            if item and item.lower() not in seen:
                seen.add(item.lower())
                items.append(item)
        return items

    def validate(self, value) -> None:
        super().validate(value)
        too_long = [item for item in value if len(item) > LIST_ITEM_MAX]
        if too_long:
            raise ValidationError(
                f"Keep each line under {LIST_ITEM_MAX} characters "
                f"(“{too_long[0][:30]}…” is {len(too_long[0])})."
            )
        if len(value) > LIST_MAX_ITEMS:
            raise ValidationError(f"At most {LIST_MAX_ITEMS} lines, please: focus the search.")

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)


class IntakeForm(forms.ModelForm):
    """The meeting itself and the sourcing strategy."""

    attendees = PeopleChoiceField(
        queryset=active_users(), required=False, widget=forms.SelectMultiple(attrs={"size": 5})
    )
    locations = LineListField(help_text="Cities or regions to search, one per line.")
    target_companies = LineListField(help_text="Companies to source from, one per line.")
    job_boards = LineListField(help_text="Where to advertise, one per line.")
    keywords = LineListField(help_text="Search keywords, one per line.")

    class Meta:
        model = IntakeMeeting
        fields = [
            "meeting_at",
            "attendees",
            "held",
            "responsibilities",
            "notes",
            "remote_policy",
            "locations",
            "target_companies",
            "job_boards",
            "keywords",
            "referral_notes",
        ]
        widgets = {
            "meeting_at": DateTimeInput(),
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 4}),
            "referral_notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"remote_policy": "Remote work"}
        help_texts = {"held": "Tick once the kick-off meeting has taken place."}

    def clean(self):
        data = super().clean()
        if data.get("held") and not data.get("meeting_at") and "meeting_at" not in self.errors:
            self.add_error("meeting_at", "Say when the intake meeting took place.")
        return data


# --- criteria: one formset, kind per row ------------------------------------------------------


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["kind", "name", "guidance"]
        labels = {"kind": "Kind", "name": "Criterion"}
        error_messages = {"name": {"required": "Name the criterion, or tick Remove."}}

    guidance = forms.CharField(
        required=False, max_length=500, widget=forms.TextInput(), label="Guidance for interviewers"
    )

    def has_changed(self) -> bool:
        # A new row counts only once something is typed in it (its kind is preselected).
        if self.instance.pk is None:
            return bool(
                (self.data.get(self.add_prefix("name")) or "").strip()
                or (self.data.get(self.add_prefix("guidance")) or "").strip()
            )
        return super().has_changed()


class BaseCriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = self.rows()
        problems = criteria_problems(
            must_haves=sum(row.kind == Criterion.Kind.MUST_HAVE for row in rows),
            nice_to_haves=sum(row.kind == Criterion.Kind.NICE_TO_HAVE for row in rows),
        )
        names = [row.name.lower() for row in rows]
        repeated = sorted({row.name for row in rows if names.count(row.name.lower()) > 1})
        if repeated:
            problems.append("Name each criterion only once: " + ", ".join(repeated) + ".")
        if problems:
            raise ValidationError(problems)

    def known_ids(self) -> set[int]:
        """The criteria the page showed (rows added since by someone else are not among them)."""
        return {form.instance.pk for form in self.initial_forms if form.instance.pk}

    def rows(self) -> list[CriterionInput]:
        """The kept rows, in page order, for `criteria_save`."""
        return [
            CriterionInput(
                kind=form.cleaned_data["kind"],
                name=form.cleaned_data["name"],
                guidance=form.cleaned_data.get("guidance", ""),
                id=form.instance.pk,
            )
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def criteria_formset(requisition: Requisition, data=None):
    """Existing criteria plus empty rows up to 3 must-haves and 5 nice-to-haves (one spare)."""
    existing = list(requisition.criteria.all())
    extra = max(8 - len(existing), 1)
    must = sum(c.kind == Criterion.Kind.MUST_HAVE for c in existing)
    kinds = [Criterion.Kind.MUST_HAVE] * max(3 - must, 0)
    initial = [{"kind": kind} for kind in kinds + [Criterion.Kind.NICE_TO_HAVE] * extra][:extra]
    formset_class = forms.inlineformset_factory(
        Requisition,
        Criterion,
        form=CriterionForm,
        formset=BaseCriterionFormSet,
        extra=extra,
        can_delete=True,
        max_num=20,
    )
    return formset_class(
        data, instance=requisition, prefix="criteria", initial=initial, queryset=Criterion.objects
    )


# --- interview plan -------------------------------------------------------------------------


class InterviewStageForm(forms.ModelForm):
    focus_areas = ModelIdsField(
        queryset=Criterion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The criteria this stage assesses.",
    )
    interviewers = PeopleChoiceField(
        queryset=active_users(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"required": "Choose at least one interviewer."},
    )
    duration_minutes = forms.IntegerField(
        min_value=5, max_value=480, initial=60, label="Duration (minutes)"
    )

    class Meta:
        model = InterviewStage
        fields = ["name", "focus_areas", "interviewers", "duration_minutes", "follow_up_by"]
        labels = {"name": "Stage"}
        error_messages = {"name": {"required": "Name the stage, or tick Remove."}}

    def __init__(self, *args, criteria=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_areas"].queryset = Criterion.objects.filter(
            pk__in=[criterion.pk for criterion in criteria]
        )
        # Choices from lists loaded once for the whole formset: no queries per stage to render.
        self.fields["focus_areas"].choices = [(c.pk, c.name) for c in criteria]
        interviewers = self.fields["interviewers"]
        interviewers.choices = [(p.pk, interviewers.label_from_instance(p)) for p in people]

    def has_changed(self) -> bool:
        if self.instance.pk is None:
            return bool(
                (self.data.get(self.add_prefix("name")) or "").strip()
                or self.data.getlist(self.add_prefix("interviewers"))
                or self.data.getlist(self.add_prefix("focus_areas"))
            )
        return super().has_changed()


class BaseStageFormSet(forms.BaseInlineFormSet):
    def known_ids(self) -> set[int]:
        """The stages the page showed (stages added since by someone else are not among them)."""
        return {form.instance.pk for form in self.initial_forms if form.instance.pk}

    def rows(self) -> list[StageInput]:
        """The kept stages, in page order, for `interview_plan_save`."""
        return [
            StageInput(
                name=form.cleaned_data["name"],
                interviewers=list(form.cleaned_data["interviewers"]),
                focus_areas=list(form.cleaned_data["focus_areas"]),
                duration_minutes=form.cleaned_data["duration_minutes"],
                follow_up_by=form.cleaned_data["follow_up_by"],
                id=form.instance.pk,
            )
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def stages_formset(requisition: Requisition, data=None):
    stages = list(requisition.stages.all())
    formset_class = forms.inlineformset_factory(
        Requisition,
        InterviewStage,
        form=InterviewStageForm,
        formset=BaseStageFormSet,
        extra=1 if stages else 2,
        can_delete=True,
        max_num=12,
    )
    return formset_class(
        data,
        instance=requisition,
        prefix="stages",
        queryset=InterviewStage.objects.prefetch_related("interviewers", "focus_areas"),
        form_kwargs={"criteria": list(requisition.criteria.all()), "people": list(active_users())},
    )


# --- SLAs -----------------------------------------------------------------------------------


class ServiceLevelForm(forms.Form):
    """Hours per duty; starts from what was agreed, else the admin's defaults."""

    def __init__(self, *args, agreed: dict[str, int], defaults: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        for duty in Duty:
            self.fields[duty.value] = forms.IntegerField(
                label=f"{duty.label} (hours)",
                help_text=f"Owner: {DUTY_OWNER[duty]}.",
                min_value=1,
                max_value=SLA_MAX_HOURS,
                initial=agreed.get(duty.value, defaults[duty.value]),
                error_messages={
                    "min_value": "Enter a positive number of hours (at least 1).",
                    "max_value": f"At most {SLA_MAX_HOURS} hours (90 days).",
                    "required": "Agree the hours for this duty.",
                },
            )


class RequisitionFilterForm(forms.Form):
    """The list page's filters (GET); unknown values are ignored rather than refused."""

    status = forms.ChoiceField(
        required=False, choices=[("", "Any status"), *Requisition.Status.choices]
    )
    department = forms.ChoiceField(required=False, choices=[("", "Any department")])
    mine = forms.BooleanField(required=False, label="Only mine")

    def __init__(self, *args, departments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "Any department")] + [
            (name, name) for name in departments
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


# --- application (knock-out) questions ----------------------------------------------------------


class KnockoutForm(forms.Form):
    """One application question; which fields matter depends on its kind."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    prompt = forms.CharField(max_length=200, required=False, label="Question")
    kind = forms.ChoiceField(choices=KnockoutQuestion.Kind.choices, label="Kind")
    required_answer = forms.TypedChoiceField(
        choices=[("", "—"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        label="Required answer (yes / no)",
    )
    minimum = forms.DecimalField(required=False, max_digits=9, decimal_places=2, label="Minimum")
    maximum = forms.DecimalField(required=False, max_digits=9, decimal_places=2, label="Maximum")
    options = LineListField(label="Options (choice)", help_text="One option per line.")
    accepted_options = LineListField(
        label="Accepted options", help_text="The options that pass, one per line."
    )

    def has_changed(self) -> bool:
        # An empty new row is ignored (its kind is preselected).
        if not self.initial.get("id"):
            return bool((self.data.get(self.add_prefix("prompt")) or "").strip())
        return super().has_changed()

    def to_input(self) -> KnockoutInput:
        data = self.cleaned_data
        return KnockoutInput(
            pk=data.get("id"),
            prompt=data["prompt"],
            kind=data["kind"],
            required_answer=data.get("required_answer"),
            minimum=data.get("minimum"),
            maximum=data.get("maximum"),
            options=data.get("options") or [],
            accepted_options=data.get("accepted_options") or [],
        )


class BaseKnockoutFormSet(forms.BaseFormSet):
    def rows(self) -> list[KnockoutInput]:
        """The kept rows in page order, for `knockout_questions_save`."""
        return [
            form.to_input()
            for form in self.forms
            if (form.has_changed() or form.initial.get("id"))
            and form.cleaned_data
            and not form.cleaned_data.get("DELETE")
        ]


KnockoutFormSet = forms.formset_factory(
    KnockoutForm, formset=BaseKnockoutFormSet, extra=2, can_delete=True, max_num=KNOCKOUT_MAX
)


def knockout_formset(requisition: Requisition, data=None):
    initial = [
        {
            "id": question.pk,
            "prompt": question.prompt,
            "kind": question.kind,
            "required_answer": {True: "yes", False: "no"}.get(question.required_answer, ""),
            "minimum": question.minimum,
            "maximum": question.maximum,
            "options": question.options,
            "accepted_options": question.accepted_options,
        }
        for question in requisition.knockout_questions.all()
    ]
    return KnockoutFormSet(data, initial=initial, prefix="ko")
