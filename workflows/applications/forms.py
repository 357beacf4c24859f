from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from workflows.applications.moves import MOVES
from workflows.models import Application, DispositionReason, ScreeningAnswer, ScreeningQuestion


def reason_choices(reasons: list[DispositionReason], groups) -> list:
    """`reasons` (active, non-system) of the given groups as <optgroup> choices."""
    grouped: dict[str, list[tuple[int, str]]] = {}
    for reason in reasons:
        if reason.group in groups:
            grouped.setdefault(reason.get_group_display(), []).append((reason.pk, reason.label))
    return [("", "Choose a reason…"), *grouped.items()]


def offered_reasons() -> list[DispositionReason]:
    return list(DispositionReason.objects.filter(active=True, is_system=False))


class MoveForm(forms.Form):
    """One move of one application: the fields depend on the move (reason, feedback, note) and on
    who moves (an admin may write an override justification). `expected_state` is the state the
    user saw: if the application moved meanwhile the move is refused as stale."""

    transition = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.ChoiceField(
        choices=Application.State.choices, widget=forms.HiddenInput, required=False
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)
    origin = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data=None,
        *,
        application: Application,
        move_name: str | None = None,
        reasons: list[DispositionReason] | None = None,
        can_override: bool = False,
        **kwargs,
    ):
        super().__init__(data, **kwargs)
        if data is not None:
            move_name = data.get("transition", "")
        self.application = application
        self.move = MOVES.get(move_name or "")
        self.initial.setdefault("transition", move_name)
        self.initial.setdefault("expected_state", application.state)
        move = self.move
        if move is None:
            return
        if move.needs_reason:
            if reasons is None:
                reasons = offered_reasons()
            self.fields["reason"] = forms.TypedChoiceField(
                label="Disposition reason",
                choices=reason_choices(reasons, move.reason_groups),
                coerce=int,
                error_messages={"required": "Choose a disposition reason."},
            )
            self._reasons = {reason.pk: reason for reason in reasons}
        if move.needs_feedback:
            self.fields["feedback"] = forms.CharField(
                label="Your feedback for the recruiter",
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Honest and specific: it goes to the journal and helps the next search.",
                error_messages={"required": "Write your feedback for the recruiter."},
            )
        if move.needs_reason or move.needs_note:
            self.fields["note"] = forms.CharField(
                label="Why it is reopened" if move.needs_note else "Note (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=move.needs_note,
                error_messages={"required": "Say why the application is reopened."},
            )
        if can_override:
            self.fields["override_justification"] = forms.CharField(
                label="Admin override: justification",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text="Only to move past a blocking guard; it is journaled and reported.",
            )

    def clean_transition(self):
        if self.move is None:
            raise ValidationError("Unknown move; reload the page and pick one of the buttons.")
        return self.move.name

    def clean_reason(self):
        pk = self.cleaned_data.get("reason")
        return self._reasons.get(pk) if pk is not None else None


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Add a note",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the note first."},
    )


RATING_CHOICES = [("", "Choose…"), *ScreeningAnswer.RATING_CHOICES]


class ScreeningForm(forms.Form):
    """The requisition's screening questions for one application, plus the summary."""

    def __init__(self, data=None, *, questions: list[ScreeningQuestion], response=None, **kw):
        super().__init__(data, **kw)
        self.questions = questions
        existing = {
            answer.question_id: answer for answer in (response.answers.all() if response else [])
        }
        for question in questions:
            answer = existing.get(question.pk)
            if question.is_rating:
                self.fields[question.form_key] = forms.TypedChoiceField(
                    label=question.text,
                    choices=RATING_CHOICES,
                    coerce=int,
                    empty_value=None,
                    required=question.required,
                    initial=answer.rating if answer else None,
                    error_messages={"required": "Rate this must-have."},
                )
                self.fields[f"{question.form_key}_comment"] = forms.CharField(
                    label="Evidence (optional)",
                    required=False,
                    initial=answer.text if answer else "",
                )
            else:
                self.fields[question.form_key] = forms.CharField(
                    label=question.text,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=question.required,
                    initial=answer.text if answer else "",
                    error_messages={"required": "This question needs an answer."},
                )
        self.fields["summary"] = forms.CharField(
            label="Summary for the hiring manager",
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=response.summary if response else "",
            error_messages={"required": "Write a summary for the hiring manager."},
        )

    def answers(self) -> dict[int, dict]:
        """Question id → {rating, text}; every question must be saved by now (a POST ensures
        the default ones before building the form)."""
        data = self.cleaned_data
        result = {}
        for question in self.questions:
            key = question.form_key
            if question.is_rating:
                result[question.pk] = {
                    "rating": data.get(key),
                    "text": data.get(f"{key}_comment", ""),
                }
            else:
                result[question.pk] = {"rating": None, "text": data.get(key, "")}
        return result


class ScreeningQuestionForm(forms.Form):
    text = forms.CharField(label="Question", max_length=300)
    required = forms.BooleanField(label="An answer is required", required=False, initial=True)
