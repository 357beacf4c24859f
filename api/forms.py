from __future__ import annotations

from django import forms

from api.models import ApiToken

EXPIRY_CHOICES = [("30", "In 30 days"), ("90", "In 90 days"), ("365", "In a year"), ("", "Never")]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="What will use it, e.g. “HR system sync” (you can revoke it later by name).",
        error_messages={"required": "Name the token (what will use it?)."},
    )
    scope = forms.ChoiceField(
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read fetches; write may also create and move (as you may on the pages).",
    )
    expires_in = forms.ChoiceField(
        choices=EXPIRY_CHOICES, initial="90", label="Expires", required=False
    )
