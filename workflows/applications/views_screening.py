"""The screening form of an application and the screening questions of a requisition."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from ats.rules import may
from requisitions.selectors import get_requisition_for_user
from workflows.applications import selectors
from workflows.applications.forms import ScreeningForm, ScreeningQuestionForm
from workflows.applications.services import (
    screening_complete,
    screening_question_add,
    screening_questions_ensure,
)
from workflows.models import ScreeningQuestion, ScreeningResponse


def _recruiter_only(request: HttpRequest) -> None:
    # Hiring managers read screening summaries on the application page; the form is the
    # recruiter's. For them the page does not exist.
    if not may(request.user, "workflows.screen_applications"):
        raise Http404


@require_http_methods(["GET", "POST"])
def screening_form(request: HttpRequest, pk: int):
    _recruiter_only(request)
    app = selectors.get_application_for_user(request.user, pk)
    editable = may(request.user, "workflows.fill_screening", app)
    if editable and request.method == "POST":
        # A must-have added since screening began gets its question row now, with the answer.
        questions = screening_questions_ensure(requisition=app.requisition)
    else:
        questions = selectors.screening_questions(app.requisition)  # a GET writes nothing
    response = ScreeningResponse.objects.filter(application=app).first()
    context = {"app": app, "editable": editable, "questions": questions}
    if request.method == "POST":
        form = ScreeningForm(request.POST, questions=questions, response=response)
        if form.is_valid():
            try:
                screening_complete(
                    application=app,
                    by=request.user,
                    answers=form.answers(),
                    summary=form.cleaned_data["summary"],
                )
            except ValidationError as error:
                keys = {f"q{question.pk}": question.form_key for question in questions}
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    for message in errors:
                        form.add_error(
                            keys.get(field, field if field in form.fields else None), message
                        )
            else:
                messages.success(request, f"Screening of {app.candidate} completed.")
                return redirect(app.get_absolute_url())
        return TemplateResponse(
            request, "workflows/screening.html", {**context, "form": form}, status=400
        )
    form = ScreeningForm(questions=questions, response=response)
    return TemplateResponse(request, "workflows/screening.html", {**context, "form": form})


@require_http_methods(["GET", "POST"])
def screening_questions(request: HttpRequest, pk: int):
    _recruiter_only(request)
    requisition = get_requisition_for_user(request.user, pk)
    form = ScreeningQuestionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                screening_question_add(
                    requisition=requisition,
                    text=form.cleaned_data["text"],
                    required=form.cleaned_data["required"],
                )
            except ValidationError as error:
                form.add_error("text", error.messages[0])
            else:
                messages.success(request, "Question added to the screening form.")
                return redirect("workflows:screening-questions", pk=requisition.pk)
        status = 400
    questions = ScreeningQuestion.objects.filter(requisition=requisition).select_related(
        "criterion"
    )
    return TemplateResponse(
        request,
        "workflows/screening_questions.html",
        {"requisition": requisition, "questions": questions, "form": form},
        status=status,
    )
