"""The candidate survey at /survey/<token>/ (public; the signed token is the key)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods

from careers import services
from careers.forms import SurveyForm

CLOSED_STATUS = {"answered": 410, "expired": 410}


def _closed(request, state: str, survey=None):
    return TemplateResponse(
        request,
        "careers/survey_closed.html",
        {"state": state, "survey": survey},
        status=CLOSED_STATUS.get(state, 404),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def survey(request, token: str):
    found = services.survey_for_token(token)
    if found is None:
        return _closed(request, "unknown")
    state = services.survey_state(found)
    if state != "open":
        return _closed(request, state, found)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(survey=found, **form.cleaned_data)
        except services.SurveyClosed as closed:
            return _closed(request, closed.state, found)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            return redirect("careers:survey-done")
    return TemplateResponse(
        request,
        "careers/survey.html",
        {"survey": found, "form": form, "requisition": found.application.requisition},
        status=400 if form.errors else 200,
    )


@login_not_required
@require_GET
def survey_done(request):
    return TemplateResponse(request, "careers/survey_done.html", {})
