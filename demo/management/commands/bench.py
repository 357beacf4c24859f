"""`python manage.py bench` (make bench): keyword search and Find Similar timings on this database.

Ensures COUNT generated candidates exist, then prints a line naming the database and its sizes,
then `name: value unit` lines. A benchmark, not a test; every loop is bounded in time.
"""

import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection

from candidates.highlight import match_reasons
from candidates.models import Candidate, VocabularyTerm
from candidates.selectors import LIST_COLUMNS, search_candidates, similar_candidates
from candidates.text import query_words
from demo.candidates import FAMILIES, GENERATED_DOMAIN, generate, tidy_after_bulk_insert
from requisitions.models import Requisition

QUERIES = [
    "kubernetes",
    "python django",
    "machine learning",
    "terraform aws",
    "react typescript",
    "figma",
    "salesforce negotiation",
    "airflow",
    "data scientist",
    "checkout conversion",
    "prometheus",
    "product discovery",
]


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time keyword search and Find Similar (10 benchmarks) over COUNT generated candidates."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=40, help="timed runs per figure")
        parser.add_argument("--seconds", type=float, default=60.0, help="time budget per figure")

    def handle(self, *args, count: int, runs: int, seconds: float, **options):
        if generate(count=count, domain=GENERATED_DOMAIN):
            tidy_after_bulk_insert()
        total = Candidate.objects.count()
        settings = connection.settings_dict
        self.stdout.write(
            f"database: {connection.vendor} {settings['NAME']}; candidates: {total}; "
            f"vocabulary terms: {VocabularyTerm.objects.count()}; runs: {runs}"
        )
        search = self._time(runs, seconds, self._search)
        similar = self._time(runs, seconds, self._similar_runner())
        for name, samples in (("search", search), ("similar", similar)):
            self.stdout.write(f"{name}_p50: {_percentile(samples, 0.50):.1f} ms")
            self.stdout.write(f"{name}_p95: {_percentile(samples, 0.95):.1f} ms")

    def _time(self, runs: int, seconds: float, step) -> list[float]:
        samples: list[float] = []
        deadline = time.monotonic() + seconds
        step(0)  # warm-up: connections, caches
        for run in range(runs):
            started = time.perf_counter()
            step(run)
            samples.append((time.perf_counter() - started) * 1000)
            if time.monotonic() > deadline:
                break
        return samples

    def _search(self, run: int) -> None:
        """What the list page does for `?q=`: count, first page, the highlights."""
        query = QUERIES[run % len(QUERIES)]
        results = search_candidates(Candidate.objects.only(*LIST_COLUMNS), query)
        page = Paginator(results, 25).get_page(1)
        for candidate in page:
            match_reasons(candidate, query_words(query))

    def _similar_runner(self):
        requisition = self._requisition()
        rng = random.Random(7)
        families = list(FAMILIES.values())
        groups = []
        for titles, *_rest in families:
            people = list(
                Candidate.objects.filter(
                    current_title__in=titles, email__endswith=f"@{GENERATED_DOMAIN}"
                ).order_by("pk")[:200]
            )
            groups.append(rng.sample(people, k=min(10, len(people))))

        def step(run: int) -> None:
            similar_candidates(requisition=requisition, benchmarks=groups[run % len(groups)])

        return step

    def _requisition(self) -> Requisition:
        manager, _ = get_user_model().objects.get_or_create(username="bench-manager")
        requisition = Requisition.objects.filter(slug="bench-find-similar").first()
        return requisition or Requisition.objects.create(
            title="Bench: Find Similar",
            slug="bench-find-similar",
            department="Engineering",
            location="Berlin",
            hiring_manager=manager,
        )
