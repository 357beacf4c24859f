from django.db import models

# The heartbeat beat schedules every minute and a worker records (ats.tasks.record_heartbeat).
WORKER_HEARTBEAT = "worker"


class Heartbeat(models.Model):
    """The last time each Celery process proved it was alive by running a task.

    Beat schedules `ats.tasks.record_heartbeat` every minute and a worker runs it; admins read
    the time here to know the background machinery (reminders, escalations, emails) is running.
    """

    name = models.CharField(max_length=100, unique=True)
    last_seen = models.DateTimeField()
    hostname = models.CharField(max_length=255, blank=True)
    beats = models.PositiveBigIntegerField(default=0)

    # Personal data (ats/personal.py): erased and exported through these declarations.
    personal_data = ()
    not_personal = ("name", "hostname")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seen:%Y-%m-%d %H:%M:%S}"
