"""anymail's webhooks → the outbox and the inbound queue. Receivers only hand over to services."""

from anymail.signals import inbound, tracking
from django.dispatch import receiver

from notifications.inbound import inbound_receive
from notifications.services import message_track


@receiver(tracking, dispatch_uid="notifications.track_message")
def track_message(sender, event, esp_name, **kwargs) -> None:
    message_track(event=event, esp_name=esp_name)


@receiver(inbound, dispatch_uid="notifications.receive_inbound")
def receive_inbound(sender, event, esp_name, **kwargs) -> None:
    inbound_receive(message=event.message, esp_name=esp_name)
