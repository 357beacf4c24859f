"""Reads of the candidate database: recruiters and admins only (HMs see people via applications)."""

from __future__ import annotations

import functools
import json
import operator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from ats.rules import may
from candidates import similarity
from candidates.models import BenchmarkCandidate, Candidate, JournalEntry, VocabularyTerm
from candidates.services import SEARCH_CONFIG, uses_postgres_search
from candidates.text import MAX_QUERY_WORDS, STOPWORDS, normalise_skill, query_words, tokens
from requisitions.models import Criterion, Requisition
from requisitions.selectors import visible_requisitions

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

RANK_POOL = 500  # a search ranks at most this many matches: the most recently updated ones
COUNT_CAP = 1000  # matches counted exactly; past it the page says "about N" or "1,000+"


def search_candidates(queryset: QuerySet[Candidate], query: str) -> QuerySet[Candidate]:
    """Candidates matching `query` (search_matches), best first.

    Only a bounded pool is ranked: the RANK_POOL most recently updated matches (all of them
    when there are fewer), picked through the indexes (search_pool). PostgreSQL ranks the pool
    by the search vector (ties and trigram-only name matches newest first); SQLite lists it
    newest first.
    """
    if not query_words(query):
        return queryset
    ranked = queryset.filter(pk__in=search_pool(queryset, query))
    if not uses_postgres_search():
        return ranked.order_by("-updated_at", "pk")
    return ranked.annotate(rank=SearchRank(F("search_vector"), _text_query(query))).order_by(
        "-rank", "-updated_at", "pk"
    )


def search_pool(queryset: QuerySet[Candidate], query: str) -> list[int]:
    """The ids of the RANK_POOL most recently updated matches of `query`, in one query.

    PostgreSQL: the union of two index-backed lookups, each newest first with a LIMIT: the
    search vector's matches (the updated_at index, or the GIN index when the words are rare)
    and the names and emails that match by trigram (their trigram indexes). One OR over both
    would evaluate every trigram on every row the first lookup walks. Nothing is ranked here:
    a rank read while picking would unpack the search vector of every match, not of the pool.
    """
    query, newest = query.strip(), ("-updated_at", "pk")
    if not uses_postgres_search():
        matches = search_matches(queryset, query).order_by(*newest)
        return list(matches.values_list("pk", flat=True)[:RANK_POOL])
    text, names = (
        queryset.filter(condition).order_by(*newest).values_list("pk", "updated_at")[:RANK_POOL]
        for condition in (text_match(query), _name_or_email_match(query))
    )
    return [pk for pk, _updated_at in text.union(names).order_by(*newest)[:RANK_POOL]]


def search_matches(queryset: QuerySet[Candidate], query: str) -> QuerySet[Candidate]:
    """Candidates matching every word of `query` in name, email, title, company, skills or resume.

    PostgreSQL: the stored search vector (GIN index, stemmed), a trigram match on names (typos)
    or part of an email (trigram index). SQLite: each word as a case-insensitive substring of
    those fields. Unordered: search_candidates ranks them.
    """
    query = query.strip()
    if not query_words(query):
        return queryset
    if not uses_postgres_search():
        return queryset.filter(text_match(query))
    return queryset.filter(text_match(query) | _name_or_email_match(query))


def _name_or_email_match(query: str) -> Q:
    """PostgreSQL: a name within a typo of `query`, or an email containing it (trigram indexes)."""
    query = query.strip()
    return (
        Q(first_name__trigram_similar=query)
        | Q(last_name__trigram_similar=query)
        | Q(email__icontains=query)
    )


def _text_query(query: str) -> SearchQuery:
    return SearchQuery(query.strip(), search_type="websearch", config=SEARCH_CONFIG)


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


def has_skill(skill: str) -> Q:
    """The condition "`skill` is one of the candidate's tags".

    PostgreSQL: JSON containment, served by the GIN index on skills. SQLite (no containment
    lookup): tags are normalised, so the JSON text holds them quoted exactly.
    """
    tag = normalise_skill(skill)
    if uses_postgres_search():
        return Q(skills__contains=[tag])
    return Q(skills__icontains=f'"{tag}"')


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
        queryset = queryset.filter(has_skill(skill))
    if location:
        queryset = queryset.filter(location__icontains=location)
    if source:
        queryset = queryset.filter(source=source)
    if updated_since:
        queryset = queryset.filter(updated_at__date__gte=updated_since)
    return queryset


@dataclass(frozen=True)
class MatchCount:
    """How many candidates a list shows, without counting the whole table on every page."""

    value: int  # exact up to COUNT_CAP; past it the planner's estimate, when there is one
    exact: bool

    @property
    def label(self) -> str:
        if self.exact:
            return f"{self.value:,}"
        if self.value > COUNT_CAP:
            return f"about {_round_estimate(self.value):,}"
        return f"{COUNT_CAP:,}+"


def bounded_ids(ordered: QuerySet[Candidate], limit: int) -> list[int]:
    """The first `limit` ids of an ordered list: what its pages can reach, fetched in one pass."""
    return list(ordered.values_list("pk", flat=True)[:limit])


def match_count(
    queryset: QuerySet[Candidate], *, known: int, limit: int, estimated_by=None
) -> MatchCount:
    """How many rows `queryset` holds, never counting past COUNT_CAP.

    `known` ids were already fetched with LIMIT `limit`: fewer means that is the exact count.
    Otherwise PostgreSQL's planner estimates first (over `estimated_by` when given: a simpler
    queryset holding nearly the same rows): far past the cap, "about 50,000" needs no scan;
    else (and on SQLite) a count over a LIMITed subquery says up to COUNT_CAP exactly.
    """
    if known < limit:
        return MatchCount(known, exact=True)
    estimate = _planner_estimate(queryset if estimated_by is None else estimated_by)
    if estimate > 2 * COUNT_CAP:
        return MatchCount(estimate, exact=False)
    capped = queryset.order_by()[: COUNT_CAP + 1].count()
    if capped <= COUNT_CAP:
        return MatchCount(capped, exact=True)
    return MatchCount(max(estimate, COUNT_CAP + 1), exact=False)


def search_count(queryset: QuerySet[Candidate], query: str, *, known: int) -> MatchCount:
    """How many candidates match `query`, `known` of them already in the pool.

    Estimated from the words alone: the trigram name matches are a handful beside them, and
    planning them costs more than the rest of the estimate.
    """
    return match_count(
        search_matches(queryset, query),
        known=known,
        limit=RANK_POOL,
        estimated_by=queryset.filter(text_match(query.strip())),
    )


def _planner_estimate(queryset: QuerySet[Candidate]) -> int:
    if not uses_postgres_search():
        return 0
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _round_estimate(value: int) -> int:
    """Two significant figures: an estimate should not look exact (8,006 -> 8,000)."""
    digits = max(len(str(value)) - 2, 0)
    return round(value, -digits)


# --- adding to a pipeline from the profile -----------------------------------------------------

PIPELINE_PICKS = 10  # requisitions listed at once; type more of a title to find another


def pipeline_requisitions(
    user, candidate: Candidate, query: str = "", *, statuses
) -> tuple[list[Requisition], bool]:
    """Requisitions (in `statuses`) the viewer may use whose pipeline could take `candidate`,
    matching every word of `query` in title, department or location: at most PIPELINE_PICKS,
    the viewer's own first. Returns them and whether more match."""
    found = (
        visible_requisitions(user)
        .filter(status__in=statuses)
        .exclude(applications__candidate=candidate)
    )
    for word in query.split()[:MAX_QUERY_WORDS]:
        found = found.filter(
            Q(title__icontains=word) | Q(department__icontains=word) | Q(location__icontains=word)
        )
    found = found.annotate(
        theirs=Case(When(recruiter=user, then=Value(0)), default=Value(1))
    ).order_by("theirs", "title", "pk")
    picks: list[Requisition] = list(found[: PIPELINE_PICKS + 1])
    return picks[:PIPELINE_PICKS], len(picks) > PIPELINE_PICKS


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

POOL_SIZE = 500  # candidates re-ranked exactly, after the index has picked the likeliest
POOL_TERMS = 6  # the centroid's strongest discriminating terms, one of which a pool member shares
COMMON_SHARE = 0.2  # a term more than this share of profiles hold is too common to pick a pool


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
    """The candidates most like `benchmarks`, excluding them and this requisition's pipeline.

    The stored TF-IDF term weights, ranked by cosine to the benchmarks' centroid (so every
    score names the terms behind it), over a pool of at most POOL_SIZE people: those holding
    the centroid's strongest discriminating terms, rarest term first.
    """
    benchmark_terms = [c.profile_terms for c in benchmarks if c.profile_terms]
    if not benchmark_terms:
        return []
    total = _candidate_total()
    default_idf = similarity.idf(0, total)
    counts = _document_counts({term for terms in benchmark_terms for term in terms})
    bench_idfs = {term: similarity.idf(count, total) for term, count in counts.items()}
    pool_terms = _pool_terms(benchmark_terms, bench_idfs, default_idf, counts, total)
    rows = _similarity_pool(requisition, [c.pk for c in benchmarks], pool_terms)
    unseen = {term for _pk, terms in rows for term in terms} - set(bench_idfs)
    idfs = {term: similarity.idf(n, total) for term, n in _document_counts(unseen).items()}
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


def _document_counts(terms: set[str]) -> dict[str, int]:
    if not terms:
        return {}
    return dict(VocabularyTerm.objects.filter(term__in=terms).values_list("term", "document_count"))


def _pool_terms(benchmark_terms, idfs, default_idf, counts: dict[str, int], total: int):
    """The centroid's strongest terms, split into those that discriminate and those too common
    to, each rarest first.

    A term is too common when more than COMMON_SHARE of all profiles hold it (and more than a
    pool could): "engineer" would fill the pool with half the database.
    """
    common = max(COMMON_SHARE * total, POOL_SIZE)
    strongest = similarity.strongest_terms(benchmark_terms, idfs, default_idf, 4 * POOL_TERMS)
    by_rarity = sorted(strongest, key=lambda term: (counts.get(term, 0), term))
    telling = [term for term in strongest if counts.get(term, 0) <= common][:POOL_TERMS]
    return (
        [term for term in by_rarity if term in telling],
        [term for term in by_rarity if counts.get(term, 0) > common][:POOL_TERMS],
    )


def _similarity_pool(requisition, benchmark_ids: list[int], terms) -> list[tuple[int, dict]]:
    """At most POOL_SIZE (id, profile terms): the holders of each telling term in turn, rarest
    first; the common terms only when no telling term finds anyone.

    Each step is an index lookup with a LIMIT and no ordering (PostgreSQL: the search vector's
    GIN index), so the pool costs the same whatever the size of the database.
    """
    telling, common = terms
    others = Candidate.objects.exclude(pk__in=benchmark_ids).exclude(
        applications__requisition=requisition
    )
    pool: dict[int, dict] = {}
    for term in telling or common:
        holders = others.filter(_holds_term(term)).order_by().values_list("pk", "profile_terms")
        pool.update(holders[:POOL_SIZE])
        if len(pool) >= POOL_SIZE:
            break
    if not pool and telling:
        return _similarity_pool(requisition, benchmark_ids, ([], common))
    return list(pool.items())[:POOL_SIZE]


def _holds_term(term: str) -> Q:
    if uses_postgres_search():  # the term's words in the profile, stemmed as search stems them
        return Q(search_vector=SearchQuery(term, search_type="plain", config=SEARCH_CONFIG))
    # SQLite: the JSON text holds each key quoted, followed by its weight.
    return Q(profile_terms__icontains=json.dumps(term) + ":")


# --- the realism meter --------------------------------------------------------------------------

RARE_THRESHOLD = 10  # fewer people than this with all three must-haves: say so
MAX_PHRASE_WORDS = 8  # of a must-have, looked at for skill names
MAX_SKILL_WORDS = 3  # the longest skill name looked for ("machine learning", "rest apis")


@dataclass(frozen=True)
class MustHaveCount:
    criterion: Criterion
    count: int
    words: tuple[str, ...]  # what was counted: the skills it names, else its meaningful words
    named_skills: bool


@dataclass(frozen=True)
class Realism:
    total: int
    per_must_have: list[MustHaveCount]
    all_together: int | None  # None until there are must-haves to combine

    @property
    def very_rare(self) -> bool:
        return self.all_together is not None and self.all_together < RARE_THRESHOLD


def realism_for(requisition: Requisition) -> Realism:
    """How many candidates in the database match each must-have, and all of them together.

    A must-have is counted the way search finds people: when it names skills that candidates
    hold ("Python in production" names python), the profiles that search finds for those
    skills; otherwise those holding all its meaningful words (stemmed on PostgreSQL). Each
    count says which words it counted.
    """
    must_haves = list(requisition.criteria.filter(kind=Criterion.Kind.MUST_HAVE))
    skills = _skills_named(requisition, [criterion.name for criterion in must_haves])
    everyone = Candidate.objects.all()
    per = []
    for criterion in must_haves:
        named = skills[criterion.name]
        words = tuple(named or dict.fromkeys(tokens(criterion.name)))
        per.append(MustHaveCount(criterion, _matching(everyone, words).count(), words, bool(named)))
    together = None
    if must_haves:
        together = _matching(everyone, [word for count in per for word in count.words]).count()
    return Realism(total=_candidate_total(), per_must_have=per, all_together=together)


def _matching(queryset: QuerySet[Candidate], words) -> QuerySet[Candidate]:
    for word in words:
        queryset = queryset.filter(text_match(word))
    return queryset


def _phrase_skills(phrase: str) -> list[str]:
    """The runs of up to MAX_SKILL_WORDS words of `phrase` that could be a skill tag, longest
    first (neither starting nor ending with a stop word)."""
    words = query_words(phrase)[:MAX_PHRASE_WORDS]
    runs = []
    for size in range(min(MAX_SKILL_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if run[0] not in STOPWORDS and run[-1] not in STOPWORDS:
                runs.append(normalise_skill(" ".join(run)))
    return list(dict.fromkeys(runs))


def _skills_named(requisition: Requisition, phrases: list[str]) -> dict[str, list[str]]:
    """Per phrase, the skill tags it names that someone in the database holds (one query)."""
    runs = sorted({run for phrase in phrases for run in _phrase_skills(phrase)})
    held: set[str] = set()
    if runs:
        exists = {
            f"s{n}": Exists(Candidate.objects.filter(has_skill(run))) for n, run in enumerate(runs)
        }
        row = Requisition.objects.filter(pk=requisition.pk).annotate(**exists).values(*exists)
        flags = row.first() or {}
        held = {run for n, run in enumerate(runs) if flags.get(f"s{n}")}
    named: dict[str, list[str]] = {}
    for phrase in phrases:
        chosen: list[str] = []
        for run in _phrase_skills(phrase):  # longest first: "machine learning" before "learning"
            if run in held and not any(run in longer.split() for longer in chosen):
                chosen.append(run)
        named[phrase] = chosen
    return named


# --- conversations ------------------------------------------------------------------------------

CONVERSATION_LIMIT = 60  # the latest emails both ways the profile threads; older ones: the journal


@dataclass
class Conversation:
    """The emails to a candidate and their replies about one requisition (or none), oldest
    first; `owed` when their latest email is a reply (we owe the answer)."""

    requisition: Requisition | None
    entries: list[JournalEntry]

    @property
    def owed(self) -> bool:
        return bool(self.entries) and self.entries[-1].kind == JournalEntry.Kind.REPLY


def candidate_conversations(candidate: Candidate) -> list[Conversation]:
    """The profile's threads, the most recently active first, in a fixed number of queries."""
    entries = list(
        candidate.journal.filter(kind__in=[JournalEntry.Kind.EMAIL, JournalEntry.Kind.REPLY])
        .select_related("actor", "requisition", "message", "inbound")
        .prefetch_related("attachments")
        .order_by("-created_at", "-id")[:CONVERSATION_LIMIT]
    )
    threads: dict[int | None, Conversation] = {}
    for entry in entries:  # newest first: the first thread seen is the most recently active
        thread = threads.setdefault(
            entry.requisition_id, Conversation(requisition=entry.requisition, entries=[])
        )
        thread.entries.insert(0, entry)
    return list(threads.values())
