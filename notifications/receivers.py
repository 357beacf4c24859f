"""anymail's tracking webhook → the outbox. The receiver only hands the event to the service."""

from anymail.signals import tracking
from django.dispatch import receiver

from notifications.services import message_track


@receiver(tracking, dispatch_uid="notifications.track_message")
def track_message(sender, event, esp_name, **kwargs) -> None:
    message_track(event=event, esp_name=esp_name)
