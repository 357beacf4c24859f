from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from candidates.models import Candidate, JournalEntry
from candidates.resumes import check_resume
from candidates.text import MAX_QUERY_WORDS, normalise_skills
from requisitions.models import Requisition


class CandidateForm(forms.ModelForm):
    """Add or edit a profile by hand. Skills and links are typed as text, one list each."""

    skills = forms.CharField(
        required=False,
        help_text="Comma-separated, e.g. Python, Django, PostgreSQL (spelling is normalised).",
    )
    links = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One web address a line (LinkedIn, GitHub, portfolio).",
    )
    resume_file = forms.FileField(
        label="Resume",
        required=False,
        help_text="PDF, DOCX or plain text, up to 10 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt"}),
    )

    class Meta:
        model = Candidate
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "location",
            "current_title",
            "current_company",
            "skills",
            "links",
            "source",
            "talent_pool_consent",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_candidate: Candidate | None = None
        if self.instance.pk and not self.is_bound:
            self.initial["skills"] = ", ".join(self.instance.skills)
            self.initial["links"] = "\n".join(self.instance.links)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        clash = Candidate.objects.filter(email__iexact=email)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        self.existing_candidate = clash.first()
        if self.existing_candidate:
            raise ValidationError(
                "Someone in the database already has this email: open their profile instead.",
                code="duplicate_email",
            )
        return email

    def clean_skills(self) -> list[str]:
        return normalise_skills(self.cleaned_data.get("skills") or "")

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines()]
        links = [link for link in links if link]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(f"{link} is not a web address (https://…).") from None
        return links

    def clean_resume_file(self):
        uploaded = self.cleaned_data.get("resume_file")
        if uploaded:
            check_resume(uploaded)
        return uploaded

    def _post_clean(self):
        # The service writes the instance; the model's own validation would re-check the
        # case-insensitive email constraint with a less helpful message.
        pass

    def profile_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CandidateSearchForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        widget=forms.SearchInput(
            attrs={"placeholder": "Name, email, title, company, skill or resume words"}
        ),
    )
    skills = forms.CharField(
        required=False,
        max_length=500,
        help_text="Comma-separated; every one must be on the profile.",
    )
    location = forms.CharField(required=False, max_length=150)
    source = forms.ChoiceField(
        required=False, choices=[("", "Any source"), *Candidate.Source.choices]
    )
    updated_since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_skills(self) -> list[str]:
        skills = normalise_skills(self.cleaned_data.get("skills") or "")
        if len(skills) > MAX_QUERY_WORDS:
            raise ValidationError(f"Filter by at most {MAX_QUERY_WORDS} skills.")
        return skills


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A short list's choices in one plain query, kept: Django's default streams them through a
    server-side cursor (three round trips on PostgreSQL), which pays only for long lists."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)


class RequisitionChoiceField(forms.ModelChoiceField):
    """One of a few requisitions (a candidate's pipelines, those their journal mentions)."""

    iterator = ListedChoiceIterator


class JournalFilterForm(forms.Form):
    kind = forms.ChoiceField(
        required=False, choices=[("", "All kinds"), *JournalEntry.Kind.choices]
    )
    requisition = RequisitionChoiceField(
        required=False, queryset=Requisition.objects.none(), empty_label="All requisitions"
    )

    def __init__(self, *args, requisitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requisition"].queryset = requisitions


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The first line becomes the summary. Notes cannot be edited later.",
    )
    requisition = RequisitionChoiceField(
        required=False,
        queryset=Requisition.objects.none(),
        empty_label="No particular requisition",
        help_text="The requisition this note concerns, if any.",
    )

    def __init__(self, *args, requisitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requisition"].queryset = requisitions


class BenchmarkForm(forms.Form):
    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none())
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates
