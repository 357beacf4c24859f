"""The only writers of candidate data: profiles, resumes, the journal, benchmarks.

Every write of a candidate refreshes what search and Find Similar read (the PostgreSQL search
vector, the profile's term weights and the vocabulary's document counts) in the same transaction.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone

from ats.personal import erased_values
from candidates.mentions import mentions_notify
from candidates.models import BenchmarkCandidate, Candidate, JournalEntry, VocabularyTerm
from candidates.resumes import check_resume, extract_text
from candidates.similarity import profile_terms
from candidates.text import normalise_skills
from requisitions.models import Requisition

if TYPE_CHECKING:
    from django.contrib.auth.models import User

PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "location",
    "current_title",
    "current_company",
    "skills",
    "links",
    "source",
    "talent_pool_consent",
)

# One text-search configuration everywhere, so query words stem the way the documents did.
SEARCH_CONFIG = "english"
SEARCH_VECTOR = (
    SearchVector("first_name", "last_name", "email", weight="A", config=SEARCH_CONFIG)
    + SearchVector("current_title", "skills", weight="B", config=SEARCH_CONFIG)
    + SearchVector("current_company", weight="C", config=SEARCH_CONFIG)
    + SearchVector("resume_text", weight="D", config=SEARCH_CONFIG)
)


class DuplicateCandidate(ValidationError):
    """A candidate with this email is already in the database; `.existing` is that profile."""

    def __init__(self, existing: Candidate):
        super().__init__(
            f"{existing.full_name} already has this email address.", code="duplicate_email"
        )
        self.existing = existing


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


# --- profiles ---------------------------------------------------------------------------------


@transaction.atomic
def candidate_create(*, by: User | None, resume: UploadedFile | None = None, **fields) -> Candidate:
    """Add a person to the candidate database (sourcing by hand, an application, an import).

    Raises DuplicateCandidate when the email (any case) is already someone's.
    """
    fields = _clean_fields(fields)
    existing = Candidate.objects.filter(email__iexact=fields["email"]).first()
    if existing:
        raise DuplicateCandidate(existing)
    candidate = Candidate(**fields)
    if resume is not None:
        _attach_resume(candidate, resume)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        raise DuplicateCandidate(Candidate.objects.get(email__iexact=fields["email"])) from None
    candidate_index(candidate=candidate, old_terms={})
    JournalEntry.objects.create(
        candidate=candidate,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary=f"Added to the candidate database ({candidate.get_source_display().lower()})",
    )
    return candidate


@transaction.atomic
def candidate_update(
    *, candidate: Candidate, by: User | None, resume: UploadedFile | None = None, **fields
) -> Candidate:
    """Change a profile (and optionally replace its resume); journals which fields changed."""
    fields = _clean_fields(fields, partial=True)
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if "email" in fields and fields["email"].lower() != locked.email.lower():
        clash = Candidate.objects.filter(email__iexact=fields["email"]).exclude(pk=locked.pk)
        if (existing := clash.first()) is not None:
            raise DuplicateCandidate(existing)
    changed = [name for name, value in fields.items() if getattr(locked, name) != value]
    for name, value in fields.items():
        setattr(locked, name, value)
    if "email" in changed:
        locked.email_undeliverable_at = None  # a new address gets a fresh chance
    old_file = locked.resume.name if resume is not None else ""
    if resume is not None:
        _attach_resume(locked, resume)
        changed.append("resume")
    if not changed:
        return locked
    old_terms = locked.profile_terms or {}
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError:
        raise DuplicateCandidate(
            Candidate.objects.exclude(pk=locked.pk).get(email__iexact=locked.email)
        ) from None
    candidate_index(candidate=locked, old_terms=old_terms)
    if old_file:
        storage = locked.resume.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    labels = [
        str(getattr(Candidate._meta.get_field(name), "verbose_name", name))
        if name != "resume"
        else "resume"
        for name in changed
    ]
    JournalEntry.objects.create(
        candidate=locked,
        kind=JournalEntry.Kind.SYSTEM,
        actor=by,
        summary="Profile updated: " + ", ".join(str(label) for label in labels),
    )
    return locked


def _clean_fields(fields: dict, *, partial: bool = False) -> dict:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not candidate profile fields: {sorted(unknown)}")
    cleaned = dict(fields)
    if "email" in cleaned:
        cleaned["email"] = cleaned["email"].strip()
    elif not partial:
        raise TypeError("candidate_create needs an email")
    if "skills" in cleaned:
        cleaned["skills"] = normalise_skills(cleaned["skills"] or [])
    if "links" in cleaned:
        cleaned["links"] = [link.strip() for link in cleaned["links"] or [] if link.strip()]
    return cleaned


def _attach_resume(candidate: Candidate, uploaded: UploadedFile) -> None:
    checked = check_resume(uploaded)  # the form checked it too: services never trust callers
    uploaded.seek(0)
    text = extract_text(uploaded.read(), checked.kind)
    uploaded.seek(0)
    candidate.resume = uploaded  # stored under a random name by resume_upload_to on save
    candidate.resume_filename = checked.original_name
    candidate.resume_text = text
    candidate.resume_status = (
        Candidate.ResumeStatus.EXTRACTED if text else Candidate.ResumeStatus.UNREADABLE
    )


def _terms_of(candidate: Candidate) -> dict[str, float]:
    return profile_terms(
        skills=candidate.skills,
        current_title=candidate.current_title,
        resume_text=candidate.resume_text,
        names=(candidate.first_name, candidate.last_name),
    )


def candidate_index(*, candidate: Candidate, old_terms: dict, erased: bool = False) -> None:
    """Bring what search and Find Similar read in line with the profile as saved: its term
    weights, the vocabulary's document counts and (PostgreSQL) its search vector.

    The one place that does it: every service that creates, edits or erases a candidate calls it
    (`old_terms` are the terms the profile had before the change, `{}` for a new one). An erased
    profile is in neither: it keeps no terms and no search vector.
    """
    candidate.profile_terms = {} if erased else _terms_of(candidate)
    changes = {"profile_terms": candidate.profile_terms}
    if uses_postgres_search():
        changes["search_vector"] = None if erased else SEARCH_VECTOR
    Candidate.objects.filter(pk=candidate.pk).update(**changes)
    new, old = set(candidate.profile_terms), set(old_terms)
    vocabulary_add(Counter(new - old))
    removed = sorted(old - new)
    if removed:
        VocabularyTerm.objects.filter(term__in=removed, document_count__gt=0).update(
            document_count=F("document_count") - 1
        )


def vocabulary_add(counts: Counter) -> None:
    """Add document counts per term (an upsert, so concurrent writers add up correctly)."""
    table = VocabularyTerm._meta.db_table
    items = sorted((term, count) for term, count in counts.items() if count)  # one lock order
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} (term, document_count) VALUES "
                + ", ".join(["(%s, %s)"] * len(chunk))
                + f" ON CONFLICT (term) DO UPDATE SET document_count = {table}.document_count"
                " + excluded.document_count",
                [value for pair in chunk for value in pair],
            )


@transaction.atomic
def candidates_bulk_create(*, rows: Iterable[dict], batch_size: int = 2000) -> int:
    """Create many candidates fast (demo data, benchmark volumes); skips emails already present.

    Fills the same derived data as candidate_create: term weights, vocabulary, search vector.
    Returns how many were created.
    """
    created = 0
    batch: list[Candidate] = []

    def flush() -> int:
        emails = [candidate.email.lower() for candidate in batch]
        taken = set(
            Candidate.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=emails)
            .values_list("email_lower", flat=True)
        )
        fresh = [candidate for candidate in batch if candidate.email.lower() not in taken]
        Candidate.objects.bulk_create(fresh)
        vocabulary_add(Counter(term for c in fresh for term in c.profile_terms))
        if fresh and uses_postgres_search():
            Candidate.objects.filter(pk__in=[c.pk for c in fresh]).update(
                search_vector=SEARCH_VECTOR
            )
        batch.clear()
        return len(fresh)

    for row in rows:
        fields = _clean_fields({k: v for k, v in row.items() if k in PROFILE_FIELDS})
        candidate = Candidate(**fields)
        candidate.resume_text = row.get("resume_text", "")
        if candidate.resume_text:
            candidate.resume_status = Candidate.ResumeStatus.EXTRACTED
        candidate.profile_terms = _terms_of(candidate)
        batch.append(candidate)
        if len(batch) >= batch_size:
            created += flush()
    if batch:
        created += flush()
    return created


# --- the journal ------------------------------------------------------------------------------


@transaction.atomic
def candidate_email_mark_undeliverable(
    *,
    candidate: Candidate,
    address: str,
    reason: str,
    subject: str = "",
    requisition: Requisition | None = None,
    when: datetime.datetime | None = None,
) -> bool:
    """An email to `address` bounced: journal it and, if it is still the candidate's address,
    mark it undeliverable (Tandem stops emailing it). Returns whether the address was marked."""
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    current = locked.email.lower() == address.lower()
    if current and locked.email_undeliverable_at is None:
        locked.email_undeliverable_at = when or timezone.now()
        locked.save(update_fields=["email_undeliverable_at", "updated_at"])
    JournalEntry.objects.create(
        candidate=locked,
        requisition=requisition,
        kind=JournalEntry.Kind.SYSTEM,
        summary=f"Email to {address} bounced"
        + ("; the address is marked undeliverable" if current else " (an old address)"),
        body="\n".join(line for line in (f"Subject: {subject}" if subject else "", reason) if line),
    )
    candidate.email_undeliverable_at = locked.email_undeliverable_at
    return current


@transaction.atomic
def journal_note_add(
    *, candidate: Candidate, by: User, text: str, requisition: Requisition | None = None
) -> JournalEntry:
    """Append a note to the candidate's journal (each `@username` in it tells that colleague).
    Entries are never edited or deleted."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the note first."})
    first_line = text.splitlines()[0]
    summary = first_line if len(first_line) <= 120 else first_line[:119] + "…"
    entry = JournalEntry.objects.create(
        candidate=candidate,
        requisition=requisition,
        kind=JournalEntry.Kind.NOTE,
        actor=by,
        summary=summary,
        body=text if text != first_line else "",
    )
    mentions_notify(entry=entry)
    return entry


# --- Find Similar benchmarks --------------------------------------------------------------------


@transaction.atomic
def benchmark_add(
    *, requisition: Requisition, candidate: Candidate, by: User
) -> BenchmarkCandidate:
    """Choose `candidate` as one of the (at most 10) past successful hires for `requisition`."""
    Requisition.objects.select_for_update().filter(pk=requisition.pk).first()  # serialise adds
    existing = BenchmarkCandidate.objects.filter(requisition=requisition, candidate=candidate)
    if existing.exists():
        return existing.get()
    if BenchmarkCandidate.objects.filter(requisition=requisition).count() >= (
        BenchmarkCandidate.MAX_PER_REQUISITION
    ):
        raise ValidationError(
            f"A requisition has at most {BenchmarkCandidate.MAX_PER_REQUISITION} benchmark "
            "candidates: remove one first."
        )
    return BenchmarkCandidate.objects.create(
        requisition=requisition, candidate=candidate, added_by=by
    )


@transaction.atomic
def benchmark_remove(*, requisition: Requisition, candidate: Candidate) -> None:
    BenchmarkCandidate.objects.filter(requisition=requisition, candidate=candidate).delete()


# --- privacy ----------------------------------------------------------------------------------

ERASED_FIRST_NAME, ERASED_LAST_NAME = "Erased", "candidate"


def erased_email(candidate_id: int) -> str:
    """A placeholder address for an erased candidate: unique (the email constraint) and no one's."""
    return f"erased-{candidate_id}@erased.invalid"


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate) -> dict[str, int]:
    """Blank every personal field of `candidate`, delete their resume file (after commit), and
    redact their journal (bodies emptied; summaries of notes, emails, feedback and survey answers
    replaced), keeping the rows and their kinds, dates and requisitions for statistics.

    The caller (careers.services.candidate_erase) records the erasure. Returns counts.
    """
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    old_terms = locked.profile_terms or {}
    old_file = locked.resume.name
    # Every field declared personal on Candidate is blanked; a name and an address stay, made up.
    for name, value in erased_values(Candidate).items():
        setattr(locked, name, value)
    locked.first_name, locked.last_name = ERASED_FIRST_NAME, ERASED_LAST_NAME
    locked.email = erased_email(locked.pk)
    locked.talent_pool_consent = False
    locked.resume_status = Candidate.ResumeStatus.NONE
    locked.save()
    candidate_index(candidate=locked, old_terms=old_terms, erased=True)
    # A term no one else's profile holds (a rare surname) would still name them.
    VocabularyTerm.objects.filter(term__in=list(old_terms), document_count__lte=0).delete()
    if old_file:
        storage = locked.resume.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    redacted_kinds = [
        JournalEntry.Kind.NOTE,
        JournalEntry.Kind.EMAIL,
        JournalEntry.Kind.FEEDBACK,
        JournalEntry.Kind.SURVEY,
    ]
    journal = JournalEntry.objects.filter(candidate=locked)
    redacted = 0
    for kind in redacted_kinds:
        label = JournalEntry.Kind(kind).label
        redacted += journal.filter(kind=kind).update(summary=f"{label} (redacted)", body="")
    redacted += journal.exclude(kind__in=redacted_kinds).exclude(body="").update(body="")
    return {"journal_entries": redacted, "resume_files": 1 if old_file else 0}
