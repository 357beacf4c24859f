from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The email machinery: templates, the outbox, delivery by Celery, anymail tracking.

    The lowest domain app: it knows addresses and templates, never candidates or requisitions.
    """

    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from ats import health
        from notifications import (  # noqa: F401  (registers the check and the signal receiver)
            checks,
            receivers,
        )
        from notifications.health import queue_reading

        health.register("queue", queue_reading)
