"""Reads of the candidate database: recruiters and admins only (HMs see people via applications)."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.shortcuts import get_object_or_404

from ats.rules import may
from candidates import similarity
from candidates.models import BenchmarkCandidate, Candidate, JournalEntry, VocabularyTerm
from candidates.services import SEARCH_CONFIG, uses_postgres_search
from candidates.text import normalise_skill, query_words
from requisitions.models import Criterion, Requisition

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User

# Columns the list page and the "why it matched" highlights read (not the search vector).
LIST_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "location",
    "current_title",
    "current_company",
    "skills",
    "source",
    "resume_text",
    "updated_at",
)


def visible_candidates(user: User | AnonymousUser) -> QuerySet[Candidate]:
    if may(user, "candidates.view_candidates"):
        return Candidate.objects.all()
    return Candidate.objects.none()


def get_candidate_for_user(user: User | AnonymousUser, pk: int) -> Candidate:
    return get_object_or_404(visible_candidates(user), pk=pk)


# --- search -------------------------------------------------------------------------------------


def search_candidates(queryset: QuerySet[Candidate], query: str) -> QuerySet[Candidate]:
    """Candidates matching every word of `query` in name, email, title, company, skills or resume.

    PostgreSQL: the stored search vector (GIN index, stemmed, ranked), a trigram match on names
    (typos) or part of an email (trigram index). SQLite: each word as a case-insensitive
    substring of those fields.
    """
    query = query.strip()
    if not query_words(query):
        return queryset
    if not uses_postgres_search():
        return queryset.filter(text_match(query)).order_by("-updated_at", "pk")
    text_query = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.filter(
            text_match(query)
            | Q(first_name__trigram_similar=query)
            | Q(last_name__trigram_similar=query)
            | Q(email__icontains=query)
        )
        # Trigram-only matches (a misspelt name) rank 0: after every full-text match, newest first.
        .annotate(rank=SearchRank(F("search_vector"), text_query))
        .order_by("-rank", "-updated_at", "pk")
    )


def text_match(query: str) -> Q:
    """The condition "every word of `query` is in the profile" (no fuzzy name matching)."""
    if uses_postgres_search():
        return Q(search_vector=SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG))
    return functools.reduce(
        operator.and_,
        (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(current_title__icontains=word)
            | Q(current_company__icontains=word)
            | Q(skills__icontains=word)
            | Q(resume_text__icontains=word)
            for word in query_words(query)
        ),
        Q(),
    )


def filter_candidates(
    queryset: QuerySet[Candidate],
    *,
    skills: list[str] = (),
    location: str = "",
    source: str = "",
    updated_since: date | None = None,
) -> QuerySet[Candidate]:
    """The search page's filters; every skill listed must be one of the candidate's tags."""
    for skill in skills:
        # Tags are normalised, so the JSON text holds them quoted exactly: same on both databases.
        queryset = queryset.filter(skills__icontains=f'"{normalise_skill(skill)}"')
    if location:
        queryset = queryset.filter(location__icontains=location)
    if source:
        queryset = queryset.filter(source=source)
    if updated_since:
        queryset = queryset.filter(updated_at__date__gte=updated_since)
    return queryset


# --- the journal --------------------------------------------------------------------------------


def candidate_journal(
    candidate: Candidate, *, kind: str = "", requisition_id: int | None = None
) -> QuerySet[JournalEntry]:
    """The profile's journal, newest first, optionally one kind or one requisition's entries."""
    entries = candidate.journal.select_related("actor", "requisition").order_by(
        "-created_at", "-id"
    )
    if kind:
        entries = entries.filter(kind=kind)
    if requisition_id:
        entries = entries.filter(requisition_id=requisition_id)
    return entries


# --- Find Similar -------------------------------------------------------------------------------

POOL_SIZE = 400  # candidates re-ranked exactly, after the index has picked the likeliest
POOL_TERMS = 6  # the centroid's strongest terms, one of which a pool candidate must share


@dataclass(frozen=True)
class SimilarCandidate:
    candidate: Candidate
    score: float
    shared_terms: tuple[str, ...]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def requisition_benchmarks(requisition: Requisition) -> list[BenchmarkCandidate]:
    return list(
        BenchmarkCandidate.objects.filter(requisition=requisition).select_related("candidate")
    )


def similar_candidates(
    *, requisition: Requisition, benchmarks: list[Candidate], limit: int = 25
) -> list[SimilarCandidate]:
    """The candidates most like `benchmarks`, excluding them and this requisition's pipeline."""
    benchmark_terms = [c.profile_terms for c in benchmarks if c.profile_terms]
    if not benchmark_terms:
        return []
    total = _candidate_total()
    default_idf = similarity.idf(0, total)
    bench_idfs = _idfs({term for terms in benchmark_terms for term in terms}, total)
    strongest = similarity.strongest_terms(benchmark_terms, bench_idfs, default_idf, POOL_TERMS)
    pool = _similarity_pool(requisition, [c.pk for c in benchmarks], strongest)
    rows = list(pool.values_list("pk", "profile_terms"))
    idfs = _idfs({term for _pk, terms in rows for term in terms} - set(bench_idfs), total)
    idfs.update(bench_idfs)
    matches = similarity.rank(
        benchmark_terms=benchmark_terms,
        pool=rows,
        idfs=idfs,
        default_idf=default_idf,
        limit=limit,
    )
    people = Candidate.objects.only(*LIST_COLUMNS).in_bulk([m.candidate_id for m in matches])
    return [SimilarCandidate(people[m.candidate_id], m.score, m.shared_terms) for m in matches]


def _candidate_total() -> int:
    """How many profiles there are; on PostgreSQL the planner's estimate (IDF needs no more)."""
    if uses_postgres_search():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [Candidate._meta.db_table],
            )
            row = cursor.fetchone()
        if row and row[0] > 0:
            return row[0]
    return Candidate.objects.count()


def _idfs(terms: set[str], total: int) -> dict[str, float]:
    counts = VocabularyTerm.objects.filter(term__in=terms).values_list("term", "document_count")
    return {term: similarity.idf(count, total) for term, count in counts}


def _similarity_pool(requisition, benchmark_ids: list[int], terms: list[str]):
    """Candidates sharing at least one strong term, best-first by the index, at most POOL_SIZE."""
    pool = Candidate.objects.exclude(pk__in=benchmark_ids).exclude(
        applications__requisition=requisition
    )
    if uses_postgres_search():
        query = functools.reduce(
            operator.or_,
            (SearchQuery(term, search_type="plain", config=SEARCH_CONFIG) for term in terms),
        )
        return (
            pool.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "pk")[:POOL_SIZE]
        )
    shares_a_term = functools.reduce(
        operator.or_, (Q(profile_terms__icontains=f'"{term}":') for term in terms)
    )
    return pool.filter(shares_a_term).order_by("-updated_at", "pk")[: POOL_SIZE * 5]


# --- the realism meter --------------------------------------------------------------------------

RARE_THRESHOLD = 10  # fewer people than this with all three must-haves: say so


@dataclass(frozen=True)
class Realism:
    total: int
    per_must_have: list[tuple[Criterion, int]]
    all_together: int | None  # None until there are must-haves to combine

    @property
    def very_rare(self) -> bool:
        return self.all_together is not None and self.all_together < RARE_THRESHOLD


def realism_for(requisition: Requisition) -> Realism:
    """How many candidates in the database match each must-have, and all of them together."""
    must_haves = list(requisition.criteria.filter(kind=Criterion.Kind.MUST_HAVE))
    everyone = Candidate.objects.all()
    per = [(criterion, _matching(everyone, criterion.name).count()) for criterion in must_haves]
    together = None
    if must_haves:
        combined = everyone
        for criterion in must_haves:
            combined = _matching(combined, criterion.name)
        together = combined.count()
    return Realism(total=everyone.count(), per_must_have=per, all_together=together)


def _matching(queryset: QuerySet[Candidate], criterion: str) -> QuerySet[Candidate]:
    # A must-have is a short phrase: all its words in the profile (skills, title, resume...).
    return queryset.filter(text_match(criterion)) if query_words(criterion) else queryset
