"""Interview pages: schedule / reschedule / cancel / mark (recruiters), the interview kit, the
scorecard, the .ics download, the resume for the panel and "my interviews"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from ats.rules import may
from candidates.views import resume_response
from workflows.applications import selectors
from workflows.interviews import calendar
from workflows.interviews import selectors as reads
from workflows.interviews import services as interviews
from workflows.interviews.forms import CancelInterviewForm, InterviewForm, ScorecardForm
from workflows.models import Interview


def form_errors_from(form, error: ValidationError) -> None:
    """Put a service's ValidationError on `form`, by field where the form has that field."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _managed_interview(request: HttpRequest, pk: int) -> Interview:
    """The interview, for a recruiter (or admin); 404 for anyone else."""
    interview = reads.get_interview_for_user(request.user, pk)
    if not reads.manages_interviews(request.user):
        raise Http404
    return interview


def _slot(data: dict) -> interviews.Slot:
    return interviews.Slot(
        starts_at=data.get("starts_at"),
        ends_at=data.get("ends_at"),
        interviewers=list(data.get("interviewers") or []),
        location=data.get("location", ""),
        video_link=data.get("video_link", ""),
        preparation_notes=data.get("preparation_notes", ""),
    )


@require_http_methods(["GET", "POST"])
def interview_schedule(request: HttpRequest, pk: int):
    app = selectors.get_application_for_user(request.user, pk)
    if not reads.manages_interviews(request.user):
        raise Http404
    requisition = app.requisition
    taken = Interview.objects.active().filter(application=app).values_list("stage_id", flat=True)
    stages = requisition.stages.exclude(pk__in=list(taken)).prefetch_related("interviewers")
    form = InterviewForm(request.POST or None, requisition=requisition, stages=stages)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                interview = interviews.interview_schedule(
                    application=app,
                    stage=form.cleaned_data["stage"],
                    slot=_slot(form.cleaned_data),
                    by=request.user,
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request,
                    f"{interview.stage.name} scheduled for {interviews.when(interview.starts_at)}; "
                    "the invitations are on their way.",
                )
                return redirect(app.get_absolute_url())
    return TemplateResponse(
        request,
        "workflows/interview_form.html",
        {"app": app, "form": form, "interview": None, "stages": list(stages)},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def interview_reschedule(request: HttpRequest, pk: int):
    interview = _managed_interview(request, pk)
    app = interview.application
    form = InterviewForm(
        request.POST or None,
        requisition=app.requisition,
        initial=InterviewForm.initial_for(interview),
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                interviews.interview_reschedule(
                    interview=interview, slot=_slot(form.cleaned_data), by=request.user
                )
            except ValidationError as error:
                form_errors_from(form, error)
            else:
                messages.success(
                    request, f"{interview.stage.name} moved; updated invitations are on their way."
                )
                return redirect(app.get_absolute_url())
    return TemplateResponse(
        request,
        "workflows/interview_form.html",
        {"app": app, "form": form, "interview": interview},
        status=status,
    )


def _interview_action(request: HttpRequest, pk: int, *, action, done: str):
    interview = _managed_interview(request, pk)
    try:
        action(interview)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done.format(stage=interview.stage.name))
    return redirect(interview.application.get_absolute_url())


@require_POST
def interview_cancel(request: HttpRequest, pk: int):
    form = CancelInterviewForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _interview_action(
        request,
        pk,
        action=lambda i: interviews.interview_cancel(interview=i, by=request.user, reason=reason),
        done="{stage} cancelled; the candidate and the interviewers are told.",
    )


@require_POST
def interview_complete(request: HttpRequest, pk: int):
    return _interview_action(
        request,
        pk,
        action=lambda i: interviews.interview_complete(interview=i, by=request.user),
        done="{stage} marked as held; the interviewers are asked for their scorecards.",
    )


@require_POST
def interview_no_show(request: HttpRequest, pk: int):
    return _interview_action(
        request,
        pk,
        action=lambda i: interviews.interview_mark_no_show(interview=i, by=request.user),
        done="{stage} marked as a no-show.",
    )


@require_http_methods(["GET"])
def interview_kit(request: HttpRequest, pk: int):
    """What an interviewer needs: focus areas, criteria with guidance, resume, screening."""
    interview = reads.get_interview_for_user(request.user, pk)
    app = interview.application
    screening = getattr(app, "screening", None)
    if screening is not None and screening.completed_at is None:
        screening = None
    return TemplateResponse(
        request,
        "workflows/interview_kit.html",
        {
            "interview": interview,
            "app": app,
            "candidate": app.candidate,
            "requisition": app.requisition,
            "criteria": interviews.criteria_in_focus(interview),
            "panel": list(interview.interviewers.all()),
            "screening": screening,
            "answers": list(screening.answers.select_related("question")) if screening else [],
            "is_mine": reads.is_panelist(request.user, interview),
        },
    )


@require_http_methods(["GET"])
def interview_ics(request: HttpRequest, pk: int):
    """The interview's calendar event (the same UID and SEQUENCE as the emailed invitations)."""
    interview = reads.get_interview_for_user(request.user, pk)
    method = calendar.CANCEL if interview.status == Interview.Status.CANCELLED else calendar.REQUEST
    attendees = interviews.interview_attendees(
        interview.application.candidate, interview.interviewers.all()
    )
    content = calendar.interview_ics(
        interview,
        method=method,
        attendees=attendees,
        description=f"Interview kit: {request.build_absolute_uri(interview.get_absolute_url())}",
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="interview-{interview.pk}.ics"'
    return response


@require_http_methods(["GET"])
def interview_resume(request: HttpRequest, pk: int):
    """The candidate's resume, for anyone who may open this interview's kit."""
    interview = reads.get_interview_for_user(request.user, pk)
    return resume_response(interview.application.candidate)


@require_http_methods(["GET", "POST"])
def scorecard(request: HttpRequest, pk: int):
    """An interviewer's scorecard: the form until submitted, then read-only (with a correction
    form on `?correct=1`); the others' scorecards once their own is in."""
    interview = reads.get_interview_for_user(request.user, pk)
    mine, others, hidden = reads.interview_scorecards(request.user, interview)
    is_panelist = reads.is_panelist(request.user, interview)
    correcting = mine if (request.GET.get("correct") or request.POST.get("correct")) else None
    form = None
    status = 200
    opens_later = (
        interview.status == Interview.Status.SCHEDULED and interview.starts_at > timezone.now()
    )
    closed = interview.status in (Interview.Status.CANCELLED, Interview.Status.NO_SHOW)
    if may(request.user, "workflows.submit_scorecard", interview) and (mine is None or correcting):
        form = ScorecardForm(request.POST or None, interview=interview, correcting=correcting)
    refused = ""
    if request.method == "POST" and form is None:
        if not is_panelist:
            raise Http404
        status = 400
        refused = (
            "Your scorecard is submitted and read-only: use “Correct my scorecard” to change it."
            if mine
            else "No scorecard can be submitted for this interview now."
        )
    elif request.method == "POST":
        status = 400
        if _scorecard_submitted(request, interview, form):
            messages.success(
                request, "Scorecard corrected." if correcting else "Scorecard submitted. Thank you!"
            )
            return redirect("workflows:scorecard", interview.pk)
    return TemplateResponse(
        request,
        "workflows/scorecard.html",
        {
            "interview": interview,
            "app": interview.application,
            "candidate": interview.application.candidate,
            "form": form,
            "correcting": correcting,
            "mine": mine,
            "others": others,
            "hidden": hidden,
            "is_panelist": is_panelist,
            "opens_later": opens_later,
            "refused": refused,
            "closed": closed,
        },
        status=status,
    )


def _scorecard_submitted(request: HttpRequest, interview: Interview, form: ScorecardForm) -> bool:
    """Submit the valid `form` through the service; False with the errors on the form."""
    if not form.is_valid():
        return False
    try:
        interviews.scorecard_submit(
            interview=interview,
            by=request.user,
            recommendation=form.cleaned_data["recommendation"],
            notes=form.cleaned_data["notes"],
            ratings=form.ratings(),
            correction_reason=form.cleaned_data.get("correction_reason", ""),
        )
    except ValidationError as error:
        form_errors_from(form, error)
        return False
    except PermissionDenied:
        raise Http404 from None
    return True


@require_http_methods(["GET"])
def my_interviews(request: HttpRequest):
    return TemplateResponse(
        request,
        "workflows/my_interviews.html",
        {"interviews": reads.my_interviews(request.user)},
    )
