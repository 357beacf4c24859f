"""The benchmark's data: built at tiny sizes beside the demo, idempotent, marked as the bench's."""

from django.utils import timezone

from candidates.models import BenchmarkCandidate, Candidate, JournalEntry
from demo.bench.backend import BENCH_KEY_PREFIX, outbox_run, sweep_samples
from demo.bench.data import JOURNAL_ENTRIES, Sizes, build, candidates_ensure
from demo.bench.people import BENCH_DOMAIN, KEY_SKILLS, bench_row
from notifications.models import OutboundMessage
from workflows.models import Application, Task

TINY = Sizes(candidates=60, requisitions=14, pipeline=30, tasks=200, due=7)


def test_bench_candidates_have_long_resumes_and_four_to_eight_of_77_key_skills():
    rows = [bench_row(n) for n in range(200)]
    assert len(KEY_SKILLS) == 77
    assert all(4 <= len(row["skills"]) <= 8 for row in rows)
    assert all(set(row["skills"]) <= set(KEY_SKILLS) for row in rows)
    assert sum(len(row["resume_text"].split()) for row in rows) / len(rows) > 120
    assert bench_row(7) == bench_row(7) != bench_row(8)


def test_build_makes_the_bench_data_once_and_finds_it_again(db):
    first = build(TINY)
    second = build(TINY)

    assert first.candidates == second.candidates == 60
    assert first.pipeline == second.pipeline == 30
    assert first.tasks == second.tasks == 200
    assert Candidate.objects.count() == 60
    assert all(c.profile_terms for c in Candidate.objects.all())
    assert Application.objects.filter(requisition=first.big).count() == 30
    assert set(Application.objects.values_list("state", flat=True)) >= {"applied", "rejected"}
    assert Task.objects.filter(requisition_id__in=first.task_requisitions).count() == 200
    assert JournalEntry.objects.filter(candidate=first.profile).count() == JOURNAL_ENTRIES
    assert 1 <= BenchmarkCandidate.objects.filter(requisition=first.similar).count() <= 10
    assert len(first.recruiters) == 45 and len(first.managers) == 5


def test_candidates_are_built_in_chunks_that_a_later_run_goes_on_from(db):
    progress: list[str] = []

    assert candidates_ensure(25, chunk=10, say=progress.append) == 25
    assert progress == [
        "bench candidates: 10 of 25",
        "bench candidates: 20 of 25",
        "bench candidates: 25 of 25",
    ]
    assert candidates_ensure(32, chunk=10) == 7
    assert candidates_ensure(32, chunk=10) == 0
    emails = Candidate.objects.values_list("email", flat=True)
    assert sorted(emails) == sorted(bench_row(n)["email"] for n in range(32))


def test_build_beside_the_demo_data_leaves_the_demo_alone(demo_data):
    demo_candidates = Candidate.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").count()
    demo_tasks = Task.objects.count()

    data = build(TINY)

    assert Candidate.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").count() == demo_candidates
    assert data.candidates == 60
    bench_tasks = Task.objects.filter(requisition__slug__startswith="bench-").count()
    assert Task.objects.count() == demo_tasks + bench_tasks


def test_the_sla_sweep_measure_counts_only_the_bench_tasks_beside_the_demo(demo_data):
    """The demo's history leaves tasks already due; the sweep figure still finds the bench's."""
    data = build(TINY)
    demo_tasks = Task.objects.exclude(requisition__slug__startswith="bench-")
    assert demo_tasks.open().filter(due_at__lte=timezone.now()).exists()
    before = list(demo_tasks.values_list("pk", "reminded_at", "escalated_at").order_by("pk"))

    samples = sweep_samples(data.task_requisitions, due=TINY.due, rounds=2)

    assert len(samples) == 2
    bench_tasks = Task.objects.filter(requisition__slug__startswith="bench-")
    assert not bench_tasks.filter(escalated_at__isnull=False).exists()
    assert (
        list(demo_tasks.values_list("pk", "reminded_at", "escalated_at").order_by("pk")) == before
    )


def test_the_outbox_measure_sends_each_message_once_and_leaves_no_rows(db):
    data = build(TINY)

    rate, duplicates = outbox_run(40, requisition_id=data.big.pk, redeliver=10)

    assert rate > 0
    assert duplicates == 0
    assert not OutboundMessage.objects.filter(idempotency_key__startswith=BENCH_KEY_PREFIX)
