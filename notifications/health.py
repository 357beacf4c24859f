"""The outbox's part of `/healthz` (registered in NotificationsConfig.ready)."""

from django.conf import settings

from ats.health import Reading, age_seconds
from notifications.selectors import oldest_waiting_queued_at


def queue_reading() -> Reading:
    """ "stale" (503) when a message has waited longer than TANDEM_HEALTH_QUEUE_MAX_SECONDS
    for its first delivery attempt: the workers are not keeping up, or none is taking tasks."""
    age = age_seconds(oldest_waiting_queued_at())
    figures = {"oldest_queued_message_age_seconds": age}
    if age is not None and age > settings.TANDEM_HEALTH_QUEUE_MAX_SECONDS:
        return Reading("stale", False, figures)
    return Reading("ok", True, figures)
