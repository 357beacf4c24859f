import socket

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ats.models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str, hostname: str | None = None) -> Heartbeat:
    """Record that the process called `name` is alive now; returns the updated row."""
    heartbeat, created = Heartbeat.objects.select_for_update().get_or_create(
        name=name,
        defaults={"last_seen": timezone.now(), "hostname": hostname or socket.gethostname()},
    )
    if not created:
        Heartbeat.objects.filter(pk=heartbeat.pk).update(
            last_seen=timezone.now(),
            hostname=hostname or socket.gethostname(),
            beats=F("beats") + 1,
        )
        heartbeat.refresh_from_db()
    return heartbeat
