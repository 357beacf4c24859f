"""Acting on many at once: the pipeline's and the candidate list's checkboxes post here.

Step one (the list's "Act on the selected…" button) shows the selection and the choices; step two
(`step=apply`) calls one service for the whole batch. A pipeline column's "all in this column"
(`state=`) selects every application of that column, shown or not. Works without JavaScript.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from ats.rules import may
from candidates.selectors import visible_candidates
from requisitions.models import Requisition
from requisitions.selectors import get_requisition_for_user, visible_requisitions
from workflows.applications.bulk import (
    MAX_BATCH,
    BulkBlocked,
    BulkResult,
    applications_bulk_add,
    applications_bulk_email,
    applications_bulk_move,
)
from workflows.applications.moves import MOVES
from workflows.applications.selectors import visible_applications
from workflows.duties.conversations import compose_templates
from workflows.models import Application, DispositionReason

OPEN_ENDED = [Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD]
BULK_MOVES = [name for name, move in MOVES.items() if not move.needs_feedback and name != "hire"]


class BulkForm(forms.Form):
    ACTIONS = [
        ("reject", "Reject, with one disposition reason (each gets the usual delayed email)"),
        ("move", "Move"),
        ("email", "Send one templated email (personalised for each)"),
        ("add", "Add to another requisition"),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    reason = forms.ModelChoiceField(
        queryset=DispositionReason.objects.filter(
            active=True, is_system=False, group__in=MOVES["reject"].reason_groups
        ),
        required=False,
        label="Disposition reason (reject)",
    )
    transition = forms.ChoiceField(
        choices=[("", "—"), *[(name, MOVES[name].label) for name in BULK_MOVES]],
        required=False,
        label="Move (move)",
    )
    note = forms.CharField(required=False, max_length=500, label="Note (reject, move)")
    template = forms.ChoiceField(required=False, label="Template (email)")
    target = forms.ModelChoiceField(
        queryset=Requisition.objects.none(), required=False, label="Requisition (add)"
    )

    def __init__(self, *args, user, actions, exclude_requisition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [c for c in self.ACTIONS if c[0] in actions]
        self.fields["template"].choices = [("", "—"), *compose_templates()]
        targets = visible_requisitions(user).filter(status__in=OPEN_ENDED).order_by("title")
        if exclude_requisition is not None:
            targets = targets.exclude(pk=exclude_requisition.pk)
        self.fields["target"].queryset = targets

    def clean(self):
        data = super().clean()
        needed = {"email": "template", "add": "target", "move": "transition", "reject": "reason"}
        field = needed.get(data.get("action", ""))
        if field and not data.get(field):
            self.add_error(field, "Choose one for this action.")
        return data


def _ids(request, name: str) -> list[int]:
    values = request.POST.getlist(name)
    return sorted({int(value) for value in values if value.isdigit()})[: MAX_BATCH + 1]


@require_POST
def pipeline_bulk(request, pk: int):
    """The pipeline's selection: reject, move, email or add to another requisition."""
    requisition = get_requisition_for_user(request.user, pk)
    if not may(request.user, "workflows.move_application"):
        raise Http404
    chosen = visible_applications(request.user).filter(requisition=requisition)
    ids, states = _ids(request, "application"), request.POST.getlist("state")
    applications = (
        chosen.filter(Q(pk__in=ids) | Q(state__in=states))
        .select_related("candidate")
        .order_by("pk")[: MAX_BATCH + 1]
    )
    form = BulkForm(
        request.POST if request.POST.get("step") == "apply" else None,
        user=request.user,
        actions={"reject", "move", "email", "add"},
        exclude_requisition=requisition,
    )
    context = {"requisition": requisition, "applications": applications, "form": form}
    if form.is_bound and form.is_valid() and applications:
        outcome = _apply(request, form.cleaned_data, requisition, list(applications))
        if isinstance(outcome, BulkResult):
            _say(request, form.cleaned_data["action"], outcome)
            return redirect("workflows:pipeline", pk=requisition.pk)
        context.update(outcome)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "workflows/bulk.html", context, status=status)


def _apply(request, data, requisition, applications: list[Application]):
    action, ids = data["action"], [app.pk for app in applications]
    try:
        if action in ("reject", "move"):
            return applications_bulk_move(
                requisition=requisition,
                application_ids=ids,
                transition="reject" if action == "reject" else data["transition"],
                by=request.user,
                reason=data["reason"],
                note=data["note"],
            )
        candidates = [app.candidate for app in applications]
        if action == "email":
            return applications_bulk_email(
                candidates=candidates,
                by=request.user,
                template_key=data["template"],
                requisition=requisition,
            )
        return applications_bulk_add(
            candidates=candidates, requisition=data["target"], by=request.user
        )
    except BulkBlocked as blocked:
        return {"blocked": blocked.blocked, "error": blocked.messages[0]}
    except ValidationError as error:
        return {"error": " ".join(error.messages)}
    except PermissionDenied as denied:
        return {"error": str(denied)}


def _say(request, action: str, result: BulkResult) -> None:
    done = {"reject": "rejected", "move": "moved", "add": "added", "email": "written to"}[action]
    count = len(result.done) if action != "email" else None
    text = f"{count} {done}." if count is not None else "Emails queued, one for each."
    if result.skipped:
        text += " Skipped: " + "; ".join(f"{who} ({why})" for who, why in result.skipped) + "."
    messages.success(request, text)


@require_POST
def candidates_bulk(request):
    """The candidate list's selection: one templated email each, or into a requisition."""
    if not may(request.user, "candidates.bulk_act_on_candidates"):
        raise Http404
    candidates = list(visible_candidates(request.user).filter(pk__in=_ids(request, "candidate")))
    form = BulkForm(
        request.POST if request.POST.get("step") == "apply" else None,
        user=request.user,
        actions={"email", "add"},
    )
    context = {"candidates": candidates, "form": form}
    if form.is_bound and form.is_valid() and candidates:
        data = form.cleaned_data
        try:
            if data["action"] == "email":
                result = applications_bulk_email(
                    candidates=candidates, by=request.user, template_key=data["template"]
                )
            else:
                result = applications_bulk_add(
                    candidates=candidates, requisition=data["target"], by=request.user
                )
        except (ValidationError, PermissionDenied) as error:
            context["error"] = " ".join(getattr(error, "messages", [str(error)]))
        else:
            _say(request, data["action"], result)
            return redirect("candidates:list")
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "workflows/bulk.html", context, status=status)
