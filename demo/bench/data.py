"""The benchmark's own data, built once with bulk inserts and reused on the next run.

Everything the bench makes is marked, so it never counts (or changes) anyone else's rows: users
are named `bench-…`, requisitions have `bench-…` slugs, candidates live at @bench.example.org.
Another database's demo data may sit beside it; the figures only ever read the bench's rows.

- candidates: `sizes.candidates`, created by the product's own `candidates_bulk_create` (term
  profiles, vocabulary and search vector filled exactly as for any other candidate);
- 45 recruiters and 5 hiring managers (the load run's colleagues), 10 other recruiters;
- `sizes.requisitions` open requisitions: the first has `sizes.pipeline` applications, most
  others a few; the last ten belong to the other recruiters and carry `sizes.tasks` open tasks,
  `sizes.due` of them already due (the SLA sweep's work);
- one candidate with 32 journal entries, and 10 Find Similar benchmarks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone

from ats.roles import HIRING_MANAGER, RECRUITER
from candidates.models import BenchmarkCandidate, Candidate, JournalEntry
from candidates.services import candidates_bulk_create
from demo.bench.people import BENCH_DOMAIN, bench_rows
from demo.bench.tasks import tasks_ensure, workload_ensure
from requisitions.models import Requisition
from workflows.models import Application, ApplicationTransition, Task

BENCH_PASSWORD = "tandem-bench-password"
RECRUITERS = 45
MANAGERS = 5
OTHER_RECRUITERS = 10
APPLICATIONS_PER_REQUISITION = 20
JOURNAL_ENTRIES = 32
# The big pipeline, per thousand applications: mostly early, some closed (as a real search).
PIPELINE_MIX = [
    ("applied", 420),
    ("screening", 250),
    ("shortlisted", 110),
    ("interviewing", 60),
    ("offer", 10),
    ("hired", 1),
    ("rejected", 130),
    ("withdrawn", 19),
]
_INTERVIEWING = [("screen", "screening"), ("shortlist", "shortlisted"), ("accept", "interviewing")]
# How each state was reached: (transition, to_state) from `applied`.
PATHS = {
    "applied": [],
    "screening": [("screen", "screening")],
    "shortlisted": _INTERVIEWING[:2],
    "interviewing": _INTERVIEWING,
    "offer": [*_INTERVIEWING, ("make_offer", "offer")],
    "hired": [*_INTERVIEWING, ("make_offer", "offer"), ("hire", "hired")],
    "rejected": [("screen", "screening"), ("reject", "rejected")],
    "withdrawn": [("withdraw", "withdrawn")],
}


@dataclass(frozen=True)
class Sizes:
    candidates: int = 50_000
    requisitions: int = 200
    pipeline: int = 1_000
    tasks: int = 1_000_000
    due: int = 1_000

    @classmethod
    def from_env(cls) -> Sizes:
        return cls(
            candidates=int(os.environ.get("BENCH_CANDIDATES", 50_000)),
            tasks=int(os.environ.get("BENCH_TASKS", 1_000_000)),
        )


@dataclass(frozen=True)
class BenchData:
    """What the figures need to find again: people, and the rows their pages show."""

    recruiters: list
    managers: list
    big: Requisition
    similar: Requisition
    task_requisitions: list[int]
    profile: Candidate
    candidates: int
    pipeline: int
    tasks: int


@dataclass(frozen=True)
class People:
    recruiters: list
    managers: list
    others: list  # the other recruiters, whose searches carry the million tasks
    other_manager: object  # the hiring manager of those searches


def users_ensure() -> People:
    """The bench's colleagues, all with the same password (hashed once)."""
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    specs = (
        [(f"bench-recruiter-{n:02}", RECRUITER) for n in range(RECRUITERS)]
        + [(f"bench-manager-{n}", HIRING_MANAGER) for n in range(MANAGERS)]
        + [(f"bench-other-{n:02}", RECRUITER) for n in range(OTHER_RECRUITERS)]
        + [("bench-other-manager", HIRING_MANAGER)]
    )
    User.objects.bulk_create(
        [
            User(username=name, first_name=name.split("-")[1].title(), last_name=name[-2:])
            for name, _ in specs
        ],
        ignore_conflicts=True,
    )
    users = User.objects.in_bulk([name for name, _ in specs], field_name="username")
    for user in users.values():
        user.password, user.is_active = password, True
        user.email = f"{user.username}@{BENCH_DOMAIN}"
    User.objects.bulk_update(users.values(), ["password", "is_active", "email"])
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in (RECRUITER, HIRING_MANAGER)
    }
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [Membership(user_id=users[name].pk, group_id=groups[role].pk) for name, role in specs],
        ignore_conflicts=True,
    )
    ordered = [users[name] for name, _ in specs]
    return People(
        recruiters=ordered[:RECRUITERS],
        managers=ordered[RECRUITERS : RECRUITERS + MANAGERS],
        others=ordered[RECRUITERS + MANAGERS : -1],
        other_manager=ordered[-1],
    )


def candidates_ensure(
    count: int, *, batch_size: int = 2000, chunk: int = 50_000, say=lambda line: None
) -> int:
    """Make sure `count` bench candidates exist (rows are deterministic by index); returns how
    many were created. Uses the product's bulk create, so search fields are filled as usual.
    Each chunk commits on its own: a million-candidate build that is stopped keeps what it made,
    and the next run goes on from there."""
    have = Candidate.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").count()
    created = 0
    while have < count:
        step = min(chunk, count - have)
        created += candidates_bulk_create(
            rows=bench_rows(start=have, count=step), batch_size=batch_size
        )
        have += step
        say(f"bench candidates: {have} of {count}")
    if created and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Candidate._meta.db_table}")
    return created


def requisitions_ensure(count: int, people: People) -> list:
    """`count` open requisitions; the last ten belong to the other recruiters. Found again (and
    their people set right) on the next run."""
    now = timezone.now()
    slugs = [f"bench-req-{n:03}" for n in range(count)]
    rows = [
        Requisition(
            title=("Bench: Senior Backend Engineer" if n == 0 else f"Bench search {n:03}"),
            slug=slug,
            department="Engineering",
            location="Berlin",
            status=Requisition.Status.OPEN,
            opened_at=now - timedelta(days=30 + n % 60),
        )
        for n, slug in enumerate(slugs)
    ]
    for n, row in enumerate(rows):
        if n >= count - len(people.others):
            row.recruiter, row.hiring_manager = (
                people.others[n % len(people.others)],
                people.other_manager,
            )
        else:
            row.recruiter = people.recruiters[n % len(people.recruiters)]
            row.hiring_manager = people.managers[n % len(people.managers)]
    Requisition.objects.bulk_create(rows, ignore_conflicts=True)
    found = Requisition.objects.in_bulk(slugs, field_name="slug")
    for row in rows:
        found[row.slug].recruiter, found[row.slug].hiring_manager = (
            row.recruiter,
            row.hiring_manager,
        )
    Requisition.objects.bulk_update(found.values(), ["recruiter", "hiring_manager"])
    return [found[slug] for slug in slugs]


def _bench_candidate_ids(limit: int) -> list[int]:
    return list(
        Candidate.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def _states(total: int) -> list[str]:
    states = [state for state, per_mille in PIPELINE_MIX for _ in range(per_mille)]
    return [states[(n * len(states)) // total] for n in range(total)]


def applications_ensure(requisition: Requisition, candidate_ids: list[int], *, by) -> int:
    """Applications of `candidate_ids` to `requisition`, spread over the states as in a real
    search, with their transition history; returns how many were created."""
    have = set(
        Application.objects.filter(requisition=requisition).values_list("candidate_id", flat=True)
    )
    missing = [pk for pk in candidate_ids if pk not in have]
    if not missing:
        return 0
    now = timezone.now()
    states = _states(len(candidate_ids))
    state_of = dict(zip(candidate_ids, states, strict=True))
    rows = [
        Application(
            candidate_id=pk,
            requisition=requisition,
            state=state_of[pk],
            source="sourced",
            created_by=by,
        )
        for pk in missing
    ]
    with transaction.atomic():
        Application.objects.bulk_create(rows, batch_size=1000)
        ApplicationTransition.objects.bulk_create(
            _transitions(rows, by=by, now=now), batch_size=2000
        )
    return len(rows)


def _transitions(applications: list[Application], *, by, now) -> list[ApplicationTransition]:
    rows = []
    for app in applications:
        before = "applied"
        for step, (name, after) in enumerate(PATHS[app.state]):
            rows.append(
                ApplicationTransition(
                    application=app,
                    transition=name,
                    from_state=before,
                    to_state=after,
                    by=by,
                    created_at=now - timedelta(days=20 - 3 * step, minutes=app.pk % 600),
                )
            )
            before = after
    return rows


def journal_ensure(candidate: Candidate, requisition: Requisition, *, by) -> None:
    """JOURNAL_ENTRIES entries on one profile: notes, emails and moves, as a busy candidate has."""
    have = JournalEntry.objects.filter(candidate=candidate).count()
    kinds = [JournalEntry.Kind.NOTE, JournalEntry.Kind.EMAIL, JournalEntry.Kind.STAGE_MOVE]
    JournalEntry.objects.bulk_create(
        JournalEntry(
            candidate=candidate,
            requisition=requisition,
            kind=kinds[n % len(kinds)],
            actor=by,
            summary=f"Bench: contact {n + 1} with {candidate.first_name}",
            body="Talked about the role, the team and the next step. " * 3,
        )
        for n in range(have, JOURNAL_ENTRIES)
    )


def benchmarks_ensure(requisition: Requisition, *, by, skip: set[int]) -> None:
    """Ten past hires to Find Similar people like (backend engineers outside the pipeline)."""
    have = BenchmarkCandidate.objects.filter(requisition=requisition).count()
    if have >= BenchmarkCandidate.MAX_PER_REQUISITION:
        return
    people = (
        Candidate.objects.filter(
            email__endswith=f"@{BENCH_DOMAIN}", current_title__icontains="backend"
        )
        .exclude(pk__in=skip)
        .order_by("pk")
        .values_list("pk", flat=True)[: BenchmarkCandidate.MAX_PER_REQUISITION]
    )
    BenchmarkCandidate.objects.bulk_create(
        [
            BenchmarkCandidate(requisition=requisition, candidate_id=pk, added_by=by)
            for pk in people
        ],
        ignore_conflicts=True,
    )


def build(sizes: Sizes, *, say=lambda line: None) -> BenchData:
    """Everything the figures need, made once (bulk inserts) and found again on the next run."""
    people = users_ensure()
    recruiters, managers, others = people.recruiters, people.managers, people.others
    created = candidates_ensure(sizes.candidates, say=say)
    say(f"bench candidates: {created} created")
    requisitions = requisitions_ensure(sizes.requisitions, people)
    big, rest = requisitions[0], requisitions[1 : -len(others)]
    ids = _bench_candidate_ids(sizes.pipeline + len(rest) * APPLICATIONS_PER_REQUISITION)
    made = applications_ensure(big, ids[: sizes.pipeline], by=recruiters[0])
    for n, requisition in enumerate(rest):
        start = sizes.pipeline + n * APPLICATIONS_PER_REQUISITION
        made += applications_ensure(
            requisition, ids[start : start + APPLICATIONS_PER_REQUISITION], by=requisition.recruiter
        )
    say(f"bench applications: {made} created")
    workload_ensure(big, recruiter=recruiters[0], manager=managers[0])
    if tasks_ensure(requisitions[-len(others) :], total=sizes.tasks, due=sizes.due):
        say(f"bench tasks: {sizes.tasks} created ({sizes.due} due)")
    profile = Candidate.objects.get(pk=ids[0])
    journal_ensure(profile, big, by=recruiters[0])
    in_pipeline = set(
        Application.objects.filter(requisition=rest[0]).values_list("candidate_id", flat=True)
    )
    benchmarks_ensure(rest[0], by=recruiters[0], skip=in_pipeline)
    return BenchData(
        recruiters=recruiters,
        managers=managers,
        big=big,
        similar=rest[0],
        task_requisitions=[r.pk for r in requisitions[-len(others) :]],
        profile=profile,
        candidates=Candidate.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").count(),
        pipeline=Application.objects.filter(requisition=big).count(),
        tasks=Task.objects.filter(requisition__in=requisitions[-len(others) :]).count(),
    )
