"""A resume sent with an application by someone already in the database (see SubmittedResume)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from candidates.resumes import ALLOWED_EXTENSIONS, CONTENT_TYPES
from careers.models import SubmittedResume
from workflows.applications.selectors import get_application_for_user


@require_GET
def submitted_resume(request, pk: int):
    """The file, to those who may see the application, always as a download (never rendered)."""
    application = get_application_for_user(request.user, pk)
    submitted = SubmittedResume.objects.filter(application=application).first()
    if submitted is None or not submitted.file:
        raise Http404
    extension = "." + submitted.file.name.rsplit(".", 1)[-1].lower()
    kind = ALLOWED_EXTENSIONS.get(extension)
    if kind is None:
        raise Http404
    try:
        handle = submitted.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=submitted.filename or f"resume{extension}",
        content_type=CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
