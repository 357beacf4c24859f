"""Forms of the interview, scorecard and offer pages (the services do the checking that needs
the database: access, double booking, the state of things)."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ats.fields import PeopleChoiceField
from workflows.applications.moves import G
from workflows.interviews.services import criteria_in_focus, eligible_interviewers
from workflows.models import DispositionReason, Interview, Scorecard, ScorecardRating

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# Interviews are planned in these years (a date at the end of time cannot have an end).
MIN_YEAR, MAX_YEAR = 2000, 2100


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InterviewForm(forms.Form):
    """Schedule (with `stages`) or reschedule (without) an interview."""

    stage = forms.ModelChoiceField(queryset=None, empty_label=None, label="Stage of the plan")
    starts_at = forms.DateTimeField(label="Starts", widget=DateTimeInput())
    ends_at = forms.DateTimeField(
        label="Ends",
        widget=DateTimeInput(),
        required=False,
        help_text="Empty: the stage's planned duration.",
    )
    interviewers = PeopleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Empty: the stage's interviewers.",
    )
    location = forms.CharField(max_length=300, required=False, help_text="A room or an address.")
    video_link = forms.URLField(max_length=500, required=False, assume_scheme="https")
    preparation_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Sent to the candidate with the preparation email.",
    )

    def __init__(self, *args, requisition, stages=None, **kwargs):
        super().__init__(*args, **kwargs)
        if stages is None:
            del self.fields["stage"]
        else:
            self.fields["stage"].queryset = stages
        self.fields["interviewers"].queryset = eligible_interviewers(requisition)

    def _clean_moment(self, name: str):
        moment = self.cleaned_data.get(name)
        if moment is not None and not MIN_YEAR <= moment.year <= MAX_YEAR:
            raise forms.ValidationError(f"Give a date between {MIN_YEAR} and {MAX_YEAR}.")
        return moment

    def clean_starts_at(self):
        starts_at = self._clean_moment("starts_at")
        if starts_at is not None and starts_at < timezone.now():
            raise forms.ValidationError("This moment has passed: give a time in the future.")
        return starts_at

    def clean_ends_at(self):
        return self._clean_moment("ends_at")

    @classmethod
    def initial_for(cls, interview: Interview) -> dict:
        return {
            "starts_at": timezone.localtime(interview.starts_at),
            "ends_at": timezone.localtime(interview.ends_at),
            "interviewers": list(interview.interviewers.all()),
            "location": interview.location,
            "video_link": interview.video_link,
            "preparation_notes": interview.preparation_notes,
        }


class CancelInterviewForm(forms.Form):
    reason = forms.CharField(
        max_length=500, required=False, label="Why (kept in the journal, not sent)"
    )


RATING_CHOICES = [(value, label) for value, label in ScorecardRating.Rating.choices]


class ScorecardForm(forms.Form):
    """A rating (4-point scale) and evidence per criterion in focus, a recommendation, notes."""

    recommendation = forms.ChoiceField(
        choices=Scorecard.Recommendation.choices,
        widget=forms.RadioSelect,
        label="Overall recommendation",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="Evidence and notes",
        help_text="What you saw and heard that supports your ratings.",
    )

    def __init__(self, *args, interview: Interview, correcting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria_in_focus(interview)
        previous = {}
        if correcting is not None:
            previous = {rating.criterion_id: rating for rating in correcting.ratings.all()}
            self.initial.setdefault("recommendation", correcting.recommendation)
            self.initial.setdefault("notes", correcting.notes)
        for criterion in self.criteria:
            before = previous.get(criterion.pk)
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                label=f"{criterion.name} ({criterion.get_kind_display().lower()})",
                help_text=criterion.guidance,
                initial=before.rating if before else None,
            )
            self.fields[f"e{criterion.pk}"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                label=f"Evidence for “{criterion.name}”",
                initial=before.evidence if before else "",
            )
        if correcting is not None:
            self.fields["correction_reason"] = forms.CharField(
                widget=forms.Textarea(attrs={"rows": 2}),
                label="What you correct, and why",
            )
        self.order_fields(
            [name for c in self.criteria for name in (f"c{c.pk}", f"e{c.pk}")]
            + ["recommendation", "notes", "correction_reason"]
        )

    def rating_fields(self):
        return [(self[f"c{c.pk}"], self[f"e{c.pk}"]) for c in self.criteria]

    def ratings(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            c.pk: {"rating": data.get(f"c{c.pk}"), "evidence": data.get(f"e{c.pk}", "")}
            for c in self.criteria
        }


class OfferForm(forms.Form):
    salary = forms.DecimalField(max_digits=12, decimal_places=2, min_value=1, label="Yearly salary")
    currency = forms.CharField(max_length=3, initial="EUR", help_text="e.g. EUR, GBP, USD")
    start_date = forms.DateField(widget=DateInput())
    respond_by = forms.DateField(
        widget=DateInput(), required=False, help_text="Empty: a week after it is extended."
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


DECLINE_GROUPS = (G.OFFER_DECLINED, G.CANDIDATE_WITHDREW, G.OTHER)


class OfferDeclineForm(forms.Form):
    reason = forms.ModelChoiceField(
        queryset=DispositionReason.objects.filter(
            active=True, is_system=False, group__in=DECLINE_GROUPS
        ),
        label="Why the candidate declined",
        empty_label="Choose a reason…",
    )
    note = forms.CharField(max_length=1000, required=False)
