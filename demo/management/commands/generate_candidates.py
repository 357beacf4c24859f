"""`python manage.py generate_candidates --count 100000`: benchmark volumes of realistic people."""

import time

from django.core.management.base import BaseCommand

from demo.candidates import GENERATED_DOMAIN, generate, tidy_after_bulk_insert


class Command(BaseCommand):
    help = (
        "Make sure COUNT generated candidates exist (bulk inserts in batches, search vectors and "
        "Find Similar terms filled). Deterministic and idempotent by email."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=100_000)
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, count: int, batch_size: int, **options):
        started = time.monotonic()
        created = generate(count=count, domain=GENERATED_DOMAIN, batch_size=batch_size)
        if created:
            tidy_after_bulk_insert()
        self.stdout.write(
            f"generated candidates: {created} created, {count - created} already there "
            f"({time.monotonic() - started:.1f} s)"
        )
