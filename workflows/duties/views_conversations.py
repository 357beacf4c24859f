"""Writing to a candidate from their profile or an application: compose, preview, send now or
at a time; cancel a scheduled email. Recruiters and admins (the candidate database's readers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ats.rules import may
from candidates.models import Candidate, ScheduledMessage
from candidates.selectors import get_candidate_for_user
from notifications.rendering import TemplateRenderError
from requisitions.selectors import visible_requisitions
from workflows.applications.selectors import get_application_for_user
from workflows.duties.conversations import (
    compose_draft,
    conversation_message_send,
    preview,
    scheduled_message_cancel,
)
from workflows.duties.forms_conversations import ComposeForm
from workflows.duties.messaging import when


def _writable_candidate(request, pk: int) -> Candidate:
    candidate = get_candidate_for_user(request.user, pk)
    if not may(request.user, "candidates.write_to_candidate"):
        raise Http404
    return candidate


@require_http_methods(["GET", "POST"])
def compose(request, pk: int):
    """The compose page. Buttons: "Use template" (fills subject and text from the draft),
    "Preview" (htmx: the preview partial only) and "Send"."""
    candidate = _writable_candidate(request, pk)
    requisitions = (
        visible_requisitions(request.user)
        .filter(applications__candidate=candidate)
        .distinct()
        .order_by("title")
    )
    initial = {"requisition": request.GET.get("requisition") or None}
    data = request.POST.copy() if request.method == "POST" else None
    action = request.POST.get("action", "")
    form = ComposeForm(data, candidate=candidate, requisitions=requisitions, initial=initial)
    context = {"candidate": candidate, "form": form, "preview": None}
    status = 200
    if request.method == "POST" and form.is_valid():
        if action == "send":
            if (sent := _send(request, form)) is not None:
                return sent
            status = 400
        elif action == "load":
            status = _load_template(request, form, data)
        else:
            context["preview"] = _preview(form)
    elif request.method == "POST":
        status = 400
    context["scheduled"] = ScheduledMessage.objects.filter(
        candidate=candidate, sent_at__isnull=True, cancelled_at__isnull=True
    ).select_related("requisition", "author")
    if request.htmx and action == "preview":
        return TemplateResponse(request, "workflows/compose.html#preview", context, status=status)
    return TemplateResponse(request, "workflows/compose.html", context, status=status)


def _load_template(request, form: ComposeForm, data) -> int:
    key = form.cleaned_data["template"]
    if not key:
        form.add_error("template", "Choose a template to use.")
        return 400
    try:
        draft = compose_draft(
            key=key,
            candidate=form.candidate,
            requisition=form.cleaned_data["requisition"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return 400
    data["subject"], data["body"] = draft.subject, draft.text.strip()
    form.data = data  # the fields show the draft, ready to edit
    return 200


def _preview(form: ComposeForm):
    try:
        return preview(
            candidate=form.candidate,
            requisition=form.cleaned_data["requisition"],
            subject=form.cleaned_data["subject"] or "(no subject)",
            body=form.cleaned_data["body"] or "",
        )
    except TemplateRenderError as error:
        form.add_error(None, str(error))
        return None


def _send(request, form: ComposeForm):
    data = form.cleaned_data
    try:
        sent = conversation_message_send(
            candidate=form.candidate,
            by=request.user,
            requisition=data["requisition"],
            subject=data["subject"],
            body=data["body"],
            cc_user_ids=[user.pk for user in data["cc"]],
            attach_resume=data.get("attach_resume") or False,
            attachment_ids=[attachment.pk for attachment in data.get("attachments") or []],
            template_key=data["template"],
            send_at=data["send_at"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None
    except PermissionDenied:
        raise Http404 from None
    if sent.scheduled is not None:
        messages.success(request, f"Your email will leave {when(sent.scheduled.send_at)}.")
    else:
        messages.success(request, f"Email to {form.candidate.full_name} is on its way.")
    return redirect("candidates:detail", pk=form.candidate.pk)


def _add_errors(form: ComposeForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@require_POST
def scheduled_cancel(request, pk: int):
    scheduled = get_object_or_404(ScheduledMessage, pk=pk)
    candidate = _writable_candidate(request, scheduled.candidate_id)
    try:
        scheduled_message_cancel(scheduled=scheduled, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The scheduled email is cancelled: it will not leave.")
    return redirect("candidates:detail", pk=candidate.pk)


@require_http_methods(["GET"])
def compose_for_application(request, pk: int):
    """The application page's "Write to the candidate": compose about its requisition."""
    application = get_application_for_user(request.user, pk)
    _writable_candidate(request, application.candidate_id)
    url = reverse("workflows:compose", args=[application.candidate_id])
    return redirect(f"{url}?requisition={application.requisition_id}")
