"""Write the periodic sweeps versioned in settings.TANDEM_PERIODIC_TASKS to Celery beat's tables.

Admins see them in Django admin (Periodic tasks) and may pause one: a paused task stays paused.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import IntervalSchedule, PeriodicTask


class Command(BaseCommand):
    help = "Create or update the periodic tasks defined in settings.TANDEM_PERIODIC_TASKS."

    @transaction.atomic
    def handle(self, *args, **options):
        for name, spec in settings.TANDEM_PERIODIC_TASKS.items():
            interval, _ = IntervalSchedule.objects.get_or_create(
                every=spec["every_seconds"], period=IntervalSchedule.SECONDS
            )
            task, created = PeriodicTask.objects.get_or_create(
                name=name, defaults={"task": spec["task"], "interval": interval}
            )
            if not created and (task.task, task.interval_id) != (spec["task"], interval.pk):
                task.task = spec["task"]
                task.interval = interval
                task.save(update_fields=["task", "interval"])
            self.stdout.write(f"{'created' if created else 'kept'} periodic task {name}")
