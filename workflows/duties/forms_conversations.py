"""The compose form: to the candidate, about one of their requisitions (or none), from a draft or
blank, copies to colleagues, their own files attached, now or at a time."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from ats.people import person_name
from candidates.models import Candidate, ReplyAttachment
from requisitions.models import Requisition
from workflows.duties.conversations import compose_templates


class ComposeForm(forms.Form):
    requisition = forms.ModelChoiceField(
        queryset=Requisition.objects.none(),
        required=False,
        empty_label="None: a general conversation",
        label="About",
    )
    template = forms.ChoiceField(
        required=False,
        label="Start from",
        help_text="Choose a template and press “Use template”: its text fills in below.",
    )
    subject = forms.CharField(max_length=300, required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), required=False, label="Text")
    cc = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Copy to colleagues",
        widget=forms.CheckboxSelectMultiple,
    )
    attach_resume = forms.BooleanField(required=False, label="Attach their resume")
    attachments = forms.ModelMultipleChoiceField(
        queryset=ReplyAttachment.objects.none(),
        required=False,
        label="Attach files they sent",
        widget=forms.CheckboxSelectMultiple,
    )
    send_at = forms.DateTimeField(
        required=False,
        label="Send at (optional)",
        help_text="Empty: it leaves now. A time: it waits until then, and you can cancel it.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, candidate: Candidate, requisitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate = candidate
        self.fields["requisition"].queryset = requisitions
        self.fields["template"].choices = [("", "Blank"), *compose_templates()]
        self.fields["cc"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__isnull=False)
            .exclude(email="")
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["cc"].label_from_instance = lambda user: f"{person_name(user)} <{user.email}>"
        self.fields["attachments"].queryset = ReplyAttachment.objects.filter(candidate=candidate)
        if not candidate.resume:
            del self.fields["attach_resume"]
        if not self.fields["attachments"].queryset.exists():
            del self.fields["attachments"]
