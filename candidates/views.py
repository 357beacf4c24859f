"""Candidate pages: the searchable list, sourcing by hand, the profile with its journal, resumes.

Recruiters and admins only: a hiring manager (or anyone else) gets 404 on every one of them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ats.rules import may
from candidates import services
from candidates.forms import CandidateForm, CandidateSearchForm, JournalFilterForm, NoteForm
from candidates.highlight import match_reasons
from candidates.models import Candidate
from candidates.resumes import ALLOWED_EXTENSIONS, CONTENT_TYPES
from candidates.selectors import (
    LIST_COLUMNS,
    RANK_POOL,
    bounded_ids,
    candidate_conversations,
    candidate_journal,
    filter_candidates,
    get_candidate_for_user,
    match_count,
    pipeline_requisitions,
    search_candidates,
    search_count,
    visible_candidates,
)
from candidates.text import query_words
from requisitions.models import Requisition
from requisitions.selectors import visible_requisitions

PAGE_SIZE = 25
ACTIVE_STATUSES = (Requisition.Status.DRAFT, Requisition.Status.OPEN, Requisition.Status.ON_HOLD)


def require_candidate_access(request) -> None:
    """The candidate database is for recruiters and admins (DESIGN.md: who sees what)."""
    if not may(request.user, "candidates.view_candidates"):
        raise Http404


@require_GET
def candidate_list(request):
    """The database, newest first, or a search: bounded pages, never a count of every row."""
    require_candidate_access(request)
    form = CandidateSearchForm(request.GET or None)
    candidates = visible_candidates(request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else None
    words = query_words(data["q"]) if data else []
    if data:
        candidates = filter_candidates(
            candidates,
            skills=data["skills"],
            location=data["location"].strip(),
            source=data["source"],
            updated_since=data["updated_since"],
        )
    if words:
        people, listing = _search_page(request, candidates, data["q"])
    else:
        people, listing = _browse_page(request, candidates)
    filter_words = words + (data["skills"] if data else [])
    context = {
        "form": form,
        "results": [(person, match_reasons(person, filter_words)) for person in people],
        "searching": form.is_bound and any(request.GET.get(k) for k in form.fields),
        **listing,
    }
    return TemplateResponse(request, "candidates/list.html", context)


def _search_page(request, candidates, query: str):
    """A page of the ranked pool (at most RANK_POOL ids, fetched in one pass), by number."""
    ids = bounded_ids(search_candidates(candidates, query), RANK_POOL)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = candidates.only(*LIST_COLUMNS).in_bulk(list(page.object_list))
    listing = {
        "page": page,
        "count": search_count(candidates, query, known=len(ids)),
        "ranked_pool": len(ids) == RANK_POOL and RANK_POOL,
        "start": page.start_index(),
    }
    return [rows[pk] for pk in page if pk in rows], listing


def _browse_page(request, candidates):
    """Newest first, a page at a time from a keyset cursor (`after` = the last id shown), so
    page 40 costs what page 1 does."""
    ordered = candidates.only(*LIST_COLUMNS).order_by("-updated_at", "pk")
    number = _positive(request.GET.get("page"), default=1)
    anchor = _positive(request.GET.get("after"), default=0)
    last = None
    if anchor:
        last = candidates.filter(pk=anchor).values_list("updated_at", flat=True).first()
    if last is None:
        number = 1
    else:
        ordered = ordered.filter(Q(updated_at__lt=last) | Q(updated_at=last, pk__gt=anchor))
    rows = list(ordered[: PAGE_SIZE + 1])
    listing = {
        "count": match_count(candidates, known=0, limit=0),
        "page_number": number,
        "start": (number - 1) * PAGE_SIZE + 1,
        "next_after": rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None,
        "next_number": number + 1,
    }
    return rows[:PAGE_SIZE], listing


def _positive(value, *, default: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 < number < 2**31 else default


@require_http_methods(["GET", "POST"])
def candidate_new(request):
    require_candidate_access(request)
    form = CandidateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = services.candidate_create(
                by=request.user,
                resume=form.cleaned_data["resume_file"],
                **form.profile_fields(),
            )
        except services.DuplicateCandidate as duplicate:
            form.existing_candidate = duplicate.existing
            form.add_error("email", duplicate)
        else:
            messages.success(request, f"{candidate.full_name} is in the candidate database.")
            return redirect("candidates:detail", pk=candidate.pk)
    return TemplateResponse(
        request, "candidates/form.html", {"form": form, "candidate": None}, status=_status(form)
    )


@require_http_methods(["GET", "POST"])
def candidate_edit(request, pk: int):
    candidate = get_candidate_for_user(request.user, pk)
    form = CandidateForm(request.POST or None, request.FILES or None, instance=candidate)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(
                candidate=candidate,
                by=request.user,
                resume=form.cleaned_data["resume_file"] or None,
                **form.profile_fields(),
            )
        except services.DuplicateCandidate as duplicate:
            form.existing_candidate = duplicate.existing
            form.add_error("email", duplicate)
        else:
            messages.success(request, "Profile saved.")
            return redirect("candidates:detail", pk=candidate.pk)
    return TemplateResponse(
        request,
        "candidates/form.html",
        {"form": form, "candidate": candidate},
        status=_status(form),
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


@require_GET
def candidate_detail(request, pk: int):
    candidate = get_candidate_for_user(request.user, pk)
    if request.htmx and "pipeline_q" in request.GET:  # typing in "Add to the pipeline of"
        context = {"candidate": candidate, **_pipeline_picker(request, candidate)}
        return TemplateResponse(request, "candidates/detail.html#pipeline-matches", context)
    return _profile(request, candidate)


@require_POST
def note_add(request, pk: int):
    candidate = get_candidate_for_user(request.user, pk)
    note_form = NoteForm(request.POST, requisitions=_note_requisitions(request.user, candidate))
    if note_form.is_valid():
        try:
            services.journal_note_add(
                candidate=candidate,
                by=request.user,
                text=note_form.cleaned_data["text"],
                requisition=note_form.cleaned_data["requisition"],
            )
        except ValidationError as error:
            note_form.add_error(None, error)
        else:
            messages.success(request, "Note added to the journal.")
            return redirect("candidates:detail", pk=candidate.pk)
    return _profile(request, candidate, note_form=note_form, status=400)


def _note_requisitions(user, candidate: Candidate):
    """A note may concern one of the candidate's pipelines (a short list, never every search)."""
    return (
        visible_requisitions(user)
        .filter(applications__candidate=candidate)
        .distinct()
        .only("pk", "title", "status")
        .order_by("title")
    )


def _pipeline_picker(request, candidate: Candidate) -> dict:
    if not may(request.user, "workflows.add_to_pipeline"):
        return {"pipeline_matches": [], "pipeline_more": False, "pipeline_q": ""}
    query = request.GET.get("pipeline_q", "").strip()[:100]
    matches, more = pipeline_requisitions(request.user, candidate, query, statuses=ACTIVE_STATUSES)
    return {"pipeline_matches": matches, "pipeline_more": more, "pipeline_q": query}


def _profile(request, candidate: Candidate, *, note_form=None, status: int = 200):
    mentioned = Requisition.objects.filter(journal_entries__candidate=candidate).distinct()
    filter_form = JournalFilterForm(
        request.GET or None, requisitions=mentioned.only("pk", "title", "status").order_by("title")
    )
    kind, requisition_id = "", None
    if filter_form.is_bound and filter_form.is_valid():
        kind = filter_form.cleaned_data["kind"]
        chosen = filter_form.cleaned_data["requisition"]
        requisition_id = chosen.pk if chosen else None
    note_requisitions = _note_requisitions(request.user, candidate)
    in_pipelines = list(
        candidate.applications.select_related("requisition").order_by("-created_at")
    )
    context = {
        "candidate": candidate,
        "journal": candidate_journal(candidate, kind=kind, requisition_id=requisition_id),
        "journal_filtered": bool(kind or requisition_id),
        "filter_form": filter_form,
        "note_form": note_form or NoteForm(requisitions=note_requisitions),
        "applications": in_pipelines,
        "may_add_to_pipeline": may(request.user, "workflows.add_to_pipeline"),
        "may_write": may(request.user, "candidates.write_to_candidate"),
        "conversations": candidate_conversations(candidate),
        "scheduled": candidate.scheduled_messages.filter(
            sent_at__isnull=True, cancelled_at__isnull=True
        ).select_related("requisition"),
        **_pipeline_picker(request, candidate),
    }
    return TemplateResponse(request, "candidates/detail.html", context, status=status)


@require_GET
def resume_download(request, pk: int):
    """The stored resume, to permitted users only, always as a download (never rendered)."""
    return resume_response(get_candidate_for_user(request.user, pk))


@require_GET
def reply_attachment_download(request, pk: int, attachment_pk: int):
    """A file a candidate sent with a reply (it passed the resume checks), as a download."""
    candidate = get_candidate_for_user(request.user, pk)
    attachment = candidate.reply_attachments.filter(pk=attachment_pk).first()
    if attachment is None or attachment.kind not in CONTENT_TYPES:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return _download(handle, attachment.filename, CONTENT_TYPES[attachment.kind])


def _download(handle, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def resume_response(candidate):
    """The candidate's stored resume as a download (the caller checked who may have it)."""
    if not candidate.resume:
        raise Http404
    extension = "." + candidate.resume.name.rsplit(".", 1)[-1].lower()
    kind = ALLOWED_EXTENSIONS.get(extension)
    if kind is None:
        raise Http404
    try:
        handle = candidate.resume.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = candidate.resume_filename or f"resume{extension}"
    return _download(handle, filename, CONTENT_TYPES[kind])
