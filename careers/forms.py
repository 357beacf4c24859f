"""Forms of the public pages: they parse and explain, the services decide and write."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from candidates.resumes import check_resume
from requisitions.models import KnockoutQuestion, Requisition

MAX_LINKS = 5


class JobSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search jobs")
    department = forms.ChoiceField(required=False, label="Department")
    location = forms.ChoiceField(required=False, label="Location")
    employment_type = forms.ChoiceField(
        required=False,
        label="Type",
        choices=[("", "Any type"), *Requisition.EmploymentType.choices],
    )

    def __init__(self, *args, departments=(), locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "Any department")] + [(d, d) for d in departments]
        self.fields["location"].choices = [("", "Any location")] + [(x, x) for x in locations]
        self.fields["q"].widget.attrs.update({"type": "search", "placeholder": "Title or keyword"})


class ApplyForm(forms.Form):
    """The public application: contact, resume, links, the requisition's questions, consent."""

    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    email = forms.EmailField(max_length=254, label="Email")
    phone = forms.CharField(max_length=40, required=False, label="Phone")
    resume = forms.FileField(
        label="Resume",
        help_text="PDF, DOCX or plain text, up to 10 MB.",
        error_messages={"required": "Choose your resume (PDF, DOCX or plain text)."},
    )
    links = forms.CharField(
        required=False,
        max_length=1500,
        label="Links",
        help_text="LinkedIn, GitHub, a portfolio: one per line, up to 5.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    talent_pool_consent = forms.BooleanField(
        required=False,
        label="Keep my details in your talent pool and tell me about future roles (optional)",
    )
    # The honeypot: hidden from people (CSS, aria-hidden), filled in by bots.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["resume"].widget.attrs["accept"] = ".pdf,.docx,.txt"
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _question_field(question)

    def clean_resume(self):
        resume = self.cleaned_data["resume"]
        check_resume(resume)
        return resume

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not all(c.isdigit() or c in "+-() ./" for c in phone):
            raise ValidationError("Use digits, spaces and + - ( ) only.")
        return phone

    def clean_links(self) -> list[str]:
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        if len(links) > MAX_LINKS:
            raise ValidationError(f"At most {MAX_LINKS} links, please.")
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            if len(link) > 300:
                raise ValidationError("Keep each link under 300 characters.")
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    f"“{link[:60]}” is not a web address (start it with https://)."
                ) from None
        return links

    @property
    def spam(self) -> bool:
        return bool((self.data.get("website") or "").strip())

    def question_fields(self):
        return [self[f"q{question.pk}"] for question in self.questions]

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


def _question_field(question: KnockoutQuestion) -> forms.Field:
    kind = KnockoutQuestion.Kind
    required = {"required": "Answer this question."}
    if question.kind == kind.YES_NO:
        return forms.TypedChoiceField(
            label=question.prompt,
            choices=[("yes", "Yes"), ("no", "No")],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            error_messages={**required, "invalid_choice": "Answer yes or no."},
        )
    if question.kind == kind.NUMBER:
        return forms.DecimalField(
            label=question.prompt,
            max_digits=9,
            decimal_places=2,
            min_value=0,
            error_messages={**required, "invalid": "Enter a number."},
        )
    if question.kind == kind.CHOICE:
        return forms.ChoiceField(
            label=question.prompt,
            choices=[(option, option) for option in question.options],
            widget=forms.RadioSelect,
            error_messages={**required, "invalid_choice": "Choose one of the options."},
        )
    return forms.CharField(
        label=question.prompt,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=required,
    )


class SurveyForm(forms.Form):
    nps = forms.TypedChoiceField(
        label="How likely are you to recommend applying to us to a friend? (0 = not at all, "
        "10 = extremely likely)",
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number from 0 to 10."},
    )
    recruiter_rating = forms.TypedChoiceField(
        label="How well did the recruiter keep you informed? (1 = poorly, 5 = very well)",
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number from 1 to 5."},
    )
    interviewers_rating = forms.TypedChoiceField(
        label="How were you treated by the interviewers and the hiring manager? "
        "(1 = poorly, 5 = very well)",
        choices=[(str(n), str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a number from 1 to 5."},
    )
    comment = forms.CharField(
        required=False,
        max_length=4000,
        label="Anything else you would like to tell us? (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label="I understand: the profile, resume, notes and emails of this person are erased "
        "for good; only anonymous statistics remain.",
        error_messages={"required": "Tick the box to confirm the erasure."},
    )
