"""`python manage.py bench` (make bench): Tandem's speed at a real team's scale, on this database.

Builds (once) the bench's own data beside whatever the database holds, starts gunicorn with the
production settings on a free local port, and prints a line naming the database, sizes, load
average and workers, then one `name: value unit` line per figure (docs/bench.md explains them).
Progress goes to stderr, figures to stdout. A benchmark, not a test: every step is bounded.
"""

import os
import time

from django.core.management.base import BaseCommand
from django.db import connection

from candidates.models import Candidate
from demo.bench import backend
from demo.bench.data import BENCH_PASSWORD, BenchData, Sizes, build
from demo.bench.http import (
    Page,
    collect_static,
    gunicorn,
    login,
    page_lines,
    production_env,
    time_pages,
)
from demo.bench.load import load_run
from demo.bench.people import BENCH_DOMAIN
from demo.bench.report import figure, header, percentile

PAGE_WORKERS = 1
LOAD_WORKERS = 3


class Command(BaseCommand):
    help = "Time Tandem's daily pages, sweeps, outbox and fifty colleagues at once (docs/bench.md)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=30, help="timed rounds per page")
        parser.add_argument("--warmups", type=int, default=3)
        parser.add_argument("--sweep-rounds", type=int, default=5)
        parser.add_argument("--messages", type=int, default=5000, help="outbox messages")
        parser.add_argument(
            "--load-seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", 180))
        )

    def handle(self, *args, rounds, warmups, sweep_rounds, messages, load_seconds, **options):
        sizes = Sizes.from_env()
        started = time.monotonic()
        data = build(sizes, say=self._progress)
        self._progress(f"bench data ready ({time.monotonic() - started:.0f} s)")
        self._say(self._header(sizes, data))
        env = production_env()
        collect_static(env)
        with gunicorn(workers=PAGE_WORKERS, env=env) as base:
            timings = time_pages(base, self._pages(base, data), rounds=rounds, warmups=warmups)
        for name, value, unit in page_lines(timings):
            self._say(figure(name, value, unit))
        self._say(figure("pipeline_1000_bytes", timings.sizes["pipeline_1000"], "bytes"))
        self._backend(data, sizes, sweep_rounds=sweep_rounds, messages=messages)
        with gunicorn(workers=LOAD_WORKERS, env=env) as base:
            load = load_run(base, data, self._profile_ids(), seconds=load_seconds)
        self._say(figure("load_users", load.users))
        self._say(figure("load_rps", load.rps, "req/s"))
        self._say(figure("load_p95", load.p95, "ms"))
        self._say(figure("load_errors", load.errors))
        self._progress(f"bench done ({time.monotonic() - started:.0f} s)")

    def _header(self, sizes: Sizes, data: BenchData) -> str:
        return header(
            database=f"{connection.vendor} {connection.settings_dict['NAME']}",
            sizes={
                "candidates": Candidate.objects.count(),
                "bench candidates": data.candidates,
                "requisitions": sizes.requisitions,
                "big pipeline": data.pipeline,
                "open tasks of other recruiters": data.tasks,
            },
            workers=PAGE_WORKERS,
            load_workers=LOAD_WORKERS,
        )

    def _pages(self, base: str, data: BenchData) -> list[Page]:
        recruiter = login(base, data.recruiters[0].username, BENCH_PASSWORD)
        manager = login(base, data.managers[0].username, BENCH_PASSWORD)
        return [
            Page("pipeline_1000", f"/requisitions/{data.big.pk}/pipeline/", recruiter),
            Page("candidate_list", "/candidates/", recruiter),
            Page("resume_search", "/candidates/?q=Kubernetes", recruiter),
            Page("skill_filter", "/candidates/?skills=kubernetes", recruiter),
            Page("candidate_profile", f"/candidates/{data.profile.pk}/", recruiter),
            Page("find_similar", f"/requisitions/{data.similar.pk}/similar/", recruiter),
            Page("dashboard_recruiter", "/dashboard/", recruiter),
            Page("dashboard_hm", "/dashboard/", manager),
            Page("reports", "/reports/", recruiter),
        ]

    def _backend(self, data: BenchData, sizes: Sizes, *, sweep_rounds: int, messages: int):
        samples = backend.sweep_samples(data.task_requisitions, due=sizes.due, rounds=sweep_rounds)
        self._say(figure(f"sla_sweep_{sizes.due}_due_p50", percentile(samples, 0.5), "ms"))
        rate, duplicates = backend.outbox_run(messages, requisition_id=data.big.pk)
        self._say(figure("outbox_throughput", rate, "msg/s"))
        self._say(figure("outbox_duplicates", duplicates))

    def _profile_ids(self) -> list[int]:
        ids = Candidate.objects.filter(email__endswith=f"@{BENCH_DOMAIN}").values_list(
            "pk", flat=True
        )
        return list(ids.order_by("pk")[:500])

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def _progress(self, line: str) -> None:
        self.stderr.write(line)
