"""The user's own API tokens: make one (its secret shown once), see when each was used, revoke."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import ApiTokenForm
from api.selectors import get_own_token, own_tokens
from api.services import api_token_create, api_token_revoke


def _page(request: HttpRequest, form: ApiTokenForm, *, secret: str = "", status: int = 200):
    context = {"form": form, "tokens": own_tokens(request.user), "secret": secret}
    return TemplateResponse(request, "api/tokens.html", context, status=status)


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest):
    """GET: the tokens and the form; POST: make a token and show its secret on this answer only
    (no redirect: the secret is never stored, so a reload cannot show it again)."""
    if request.method == "GET":
        return _page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        days = form.cleaned_data["expires_in"]
        try:
            _, secret = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_at=timezone.now() + timedelta(days=int(days)) if days else None,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return _page(request, ApiTokenForm(), secret=secret)
    return _page(request, form, status=400)


@require_POST
def token_revoke(request: HttpRequest, pk: int):
    token = api_token_revoke(token=get_own_token(request.user, pk))
    messages.success(request, f"Token “{token.name}” revoked: it no longer works.")
    return redirect("api:tokens")
