"""Requisition pages: the list, create/edit, the detail with its status moves, and the intake."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ats.rules import may
from requisitions import forms as rforms
from requisitions import selectors, services
from requisitions.models import DUTY_OWNER, Duty, IntakeMeeting, Requisition

PAGE_SIZE = 50


@require_GET
def requisition_list(request):
    filter_form = rforms.RequisitionFilterForm(
        request.GET or None, departments=selectors.departments(request.user)
    )
    requisitions = selectors.requisition_list(request.user, **filter_form.filters())
    page = Paginator(requisitions, PAGE_SIZE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "requisitions/list.html",
        {"filter_form": filter_form, "page": page, "filtered": bool(filter_form.filters())},
    )


@require_http_methods(["GET", "POST"])
def requisition_create(request):
    """Recruiters create a requisition for an HM; an HM requests one for themselves."""
    staffing = may(request.user, "requisitions.create_requisition")
    if not (staffing or may(request.user, "requisitions.request_requisition")):
        raise PermissionDenied("Only recruiters and hiring managers start requisitions.")
    form = rforms.RequisitionForm(
        request.POST or None,
        staffing=staffing,
        initial={"recruiter": request.user.pk}
        if may(request.user, "requisitions.be_recruiter")
        else {},
    )
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in form.fields}
        try:
            if staffing:
                requisition = services.requisition_create(by=request.user, **data)
            else:
                requisition = services.requisition_request(by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Requisition created. Next: the intake with the hiring manager."
                if staffing
                else "Request sent. A recruiter will pick it up and plan the intake with you.",
            )
            return redirect("requisitions:detail", pk=requisition.pk)
    return TemplateResponse(
        request,
        "requisitions/form.html",
        {"form": form, "heading": "New requisition" if staffing else "Request a new hire"},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def requisition_edit(request, pk: int):
    requisition = selectors.get_requisition_for_user(request.user, pk)
    if not services.can_edit_details(request.user, requisition):
        raise PermissionDenied("You may not edit this requisition.")
    staffing = may(request.user, "requisitions.edit_staffing")
    form = rforms.RequisitionForm(
        request.POST or None, instance=copy.copy(requisition), staffing=staffing
    )
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in form.fields}
        try:
            services.requisition_update(requisition=requisition, by=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Requisition saved.")
            return redirect("requisitions:detail", pk=requisition.pk)
    return TemplateResponse(
        request,
        "requisitions/form.html",
        {"form": form, "requisition": requisition, "heading": f"Edit {requisition.title}"},
        status=400 if form.errors else 200,
    )


def _detail(request, pk: int, *, move_errors=(), move_transition="", reason="", status=200):
    requisition = selectors.get_requisition_with_intake(request.user, pk)
    levels = {level.duty: level.hours for level in requisition.service_levels.all()}
    return TemplateResponse(
        request,
        "requisitions/detail.html",
        {
            "requisition": requisition,
            "intake": requisition.intake_or_none,
            "must_haves": [c for c in requisition.criteria.all() if c.kind == "must_have"],
            "nice_to_haves": [c for c in requisition.criteria.all() if c.kind == "nice_to_have"],
            "actions": selectors.requisition_actions(requisition, request.user),
            "blockers": selectors.open_blockers(requisition),
            "service_levels": [
                (duty.label, DUTY_OWNER[duty], levels.get(duty.value)) for duty in Duty
            ],
            "events": requisition.events.select_related("actor")[:30],
            "can_edit": services.can_edit_details(request.user, requisition),
            "can_work_intake": services.can_work_intake(request.user, requisition),
            "move_errors": move_errors,
            "move_transition": move_transition,
            "cancel_reason": reason,
            "active_tab": "overview",
        },
        status=status,
    )


@require_GET
def requisition_detail(request, pk: int):
    return _detail(request, pk)


@require_POST
def requisition_move(request, pk: int) -> HttpResponse:
    """One of the status buttons: open, hold, resume, fill, cancel (with a reason)."""
    requisition = selectors.get_requisition_for_user(request.user, pk)
    transition = request.POST.get("transition", "")
    reason = request.POST.get("reason", "")
    try:
        moved = services.requisition_move(
            requisition=requisition, transition=transition, by=request.user, reason=reason
        )
    except ValidationError as error:  # incl. TransitionBlocked: the guards' reasons
        return _detail(
            request,
            pk,
            move_errors=error.messages,
            move_transition=transition,
            reason=reason,
            status=400,
        )
    messages.success(request, f"{moved.title} is now {moved.get_status_display().lower()}.")
    return redirect("requisitions:detail", pk=pk)


# --- the intake page: four sections in one form, one save keeps everything typed -------------

SECTIONS = ("meeting", "criteria", "plan", "slas")
# The order a save writes them in: the criteria first (a stage's focus areas are criteria).
SAVE_ORDER = ("criteria", "plan", "slas", "meeting")
PREFIXES = {"meeting": "meeting-", "criteria": "criteria-", "plan": "stages-", "slas": "slas-"}


def _intake_forms(requisition: Requisition, data=None) -> dict:
    """The four section forms; those whose fields `data` carries are bound to it (the others show
    what is saved)."""

    def bound(name):
        if data is None or not any(key.startswith(PREFIXES[name]) for key in data):
            return None
        return data

    intake = requisition.intake_or_none or IntakeMeeting(requisition=requisition)
    return {
        "meeting": rforms.IntakeForm(
            bound("meeting"), instance=copy.copy(intake), prefix="meeting"
        ),
        "criteria": rforms.criteria_formset(requisition, bound("criteria")),
        "plan": rforms.stages_formset(requisition, bound("plan")),
        "slas": rforms.ServiceLevelForm(
            bound("slas"),
            prefix="slas",
            agreed=selectors.agreed_hours(requisition),
            defaults=selectors.service_level_defaults(),
        ),
    }


def _save_section(request, requisition: Requisition, section: str, form) -> bool:
    """Save one valid section through its service; False (the error on the form) if refused."""
    by = request.user
    try:
        if section == "meeting":
            services.intake_save(requisition=requisition, by=by, **form.cleaned_data)
        elif section == "criteria":
            services.criteria_save(
                requisition=requisition, by=by, criteria=form.rows(), known_ids=form.known_ids()
            )
        elif section == "plan":
            services.interview_plan_save(
                requisition=requisition, by=by, stages=form.rows(), known_ids=form.known_ids()
            )
        else:
            services.service_levels_save(requisition=requisition, by=by, hours=form.cleaned_data)
    except ValidationError as error:
        if hasattr(form, "add_error"):
            form.add_error(None, error)
        else:
            form.non_form_errors().extend(error.messages)
        return False
    return True


class _Refused(Exception):
    """A service refused a section: roll back the sections saved before it."""


def _save_intake(request, requisition: Requisition, forms: dict, pressed: str) -> list[str]:
    """Save every section that was sent and changed, and the one whose button was pressed (so
    "Agree SLAs" agrees the prefilled hours), all or nothing. Returns the sections saved; raises
    _Refused when a form or a service said no (the errors are on the forms)."""
    sent = {name: form for name, form in forms.items() if form.is_bound}
    if not all([form.is_valid() for form in sent.values()]):  # every form's errors, not the first
        raise _Refused
    chosen = [
        name
        for name in SAVE_ORDER
        if name in sent and (name == pressed or sent[name].has_changed())
    ]
    with transaction.atomic():
        for name in chosen:
            if not _save_section(request, requisition, name, sent[name]):
                raise _Refused  # leaving the atomic block rolls back what was saved
    return chosen


SAVED = {
    "meeting": "Intake meeting and sourcing strategy saved.",
    "criteria": "Criteria saved.",
    "plan": "Interview plan saved.",
    "slas": "SLAs agreed.",
}


@require_http_methods(["GET", "POST"])
def intake(request, pk: int):
    """The kick-off page the recruiter and the HM fill in together: one form, so a save keeps
    what was typed in every section (and a refused one shows it all again, nothing saved)."""
    requisition = selectors.get_requisition_with_intake(request.user, pk)
    editable = services.can_work_intake(request.user, requisition)
    blockers = selectors.open_blockers(requisition)
    status = 200
    forms = _intake_forms(requisition, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("This intake cannot be edited.")
        pressed = request.POST.get("section", "")
        if not any(form.is_bound for form in forms.values()):
            messages.error(request, "Nothing to save: fill in a section first.")
            status = 400
        else:
            try:
                saved = _save_intake(request, requisition, forms, pressed)
            except _Refused:
                status = 400
            else:
                for name in saved:
                    messages.success(request, SAVED[name])
                if not saved:
                    messages.info(request, "Nothing changed.")
                anchor = pressed if pressed in SECTIONS else (saved[0] if saved else "")
                url = reverse("requisitions:intake", args=[pk])
                return redirect(url + (f"#{anchor}" if anchor else ""))
    return TemplateResponse(
        request,
        "requisitions/intake.html",
        {
            "requisition": requisition,
            "forms": forms,
            "editable": editable,
            "blockers": blockers,
            "active_tab": "intake",
        },
        status=status,
    )


# --- application questions (knock-outs) -------------------------------------------------------


@require_http_methods(["GET", "POST"])
def knockout_questions(request, pk: int):
    """The questions of the public application form: knock-outs and custom questions."""
    requisition = selectors.get_requisition_for_user(request.user, pk)
    editable = services.can_work_intake(request.user, requisition)
    if request.method == "POST" and not editable:
        raise PermissionDenied("These questions cannot be edited.")
    formset = rforms.knockout_formset(requisition, request.POST or None)
    if request.method == "POST" and formset.is_valid():
        rows = formset.rows()
        try:
            services.knockout_questions_save(
                requisition=requisition, by=request.user, questions=rows
            )
        except ValidationError as error:
            kept = [
                form
                for form in formset.forms
                if (form.has_changed() or form.initial.get("id"))
                and not form.cleaned_data.get("DELETE")
            ]
            found = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for key, messages_ in found.items():
                if key.startswith("q") and key[1:].isdigit() and int(key[1:]) < len(kept):
                    kept[int(key[1:])].add_error(None, messages_)
                else:
                    formset.non_form_errors().extend(messages_)
        else:
            messages.success(request, "Application questions saved.")
            return redirect("requisitions:knockouts", pk=pk)
    return TemplateResponse(
        request,
        "requisitions/knockouts.html",
        {
            "requisition": requisition,
            "formset": formset,
            "editable": editable,
            "active_tab": "intake",
        },
        status=400 if request.method == "POST" else 200,
    )
