"""`python manage.py seed_demo`: the demo accounts and every app's demo data.

It lives in `careers`, the top app, because it calls every app's `demo.seed` in dependency
order. Idempotent: running it again updates what it made and creates nothing twice.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from demo import accounts as accounts_demo
from demo import candidates as candidates_demo
from demo import careers as careers_demo
from demo import history as demo_history
from demo import pipeline as workflows_demo
from demo import requisitions as requisitions_demo
from notifications.services import outbox_batch


class Command(BaseCommand):
    help = "Create the demo accounts (password 'tandem-demo') and demo data. Safe to run twice."

    @transaction.atomic
    def handle(self, *args, **options):
        # The hundreds of emails the demo's story writes leave in batched delivery tasks.
        with outbox_batch():
            users = accounts_demo.seed(stdout=self.stdout)
            requisitions_demo.seed(users=users, stdout=self.stdout)
            candidates_demo.seed(users=users, stdout=self.stdout)
            workflows_demo.seed(users=users, stdout=self.stdout)
            careers_demo.seed(users=users, stdout=self.stdout)
            demo_history.seed(users=users, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo ready (password: {accounts_demo.DEMO_PASSWORD}).")
        )
