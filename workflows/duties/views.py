"""My tasks: a user's duties, overdue first; those no action fulfils are ticked off here."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from workflows.applications import selectors
from workflows.duties.services import task_complete


@require_GET
def task_list(request: HttpRequest):
    tasks = list(selectors.open_tasks(request.user))
    now = timezone.now()
    return TemplateResponse(
        request,
        "workflows/tasks.html",
        {"tasks": tasks, "overdue": sum(task.is_overdue for task in tasks), "now": now},
    )


@require_POST
def task_complete_view(request: HttpRequest, pk: int):
    task = selectors.get_open_task_for_owner(request.user, pk)
    try:
        task_complete(task=task, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("workflows:tasks")
    messages.success(request, f"Done: {task.title}.")
    return redirect("workflows:tasks")
