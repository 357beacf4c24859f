"""`/dashboard/`: each person's day — the recruiter's part, the hiring manager's part, or both."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from insights.dashboard import dashboard_context


@require_http_methods(["GET"])
def dashboard(request: HttpRequest):
    return TemplateResponse(request, "insights/dashboard.html", dashboard_context(request.user))
