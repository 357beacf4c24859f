"""anymail's tracking events (signal and webhook) update the outbox: delivered, opened, bounced."""

import base64
import json
from datetime import UTC, datetime

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from anymail.webhooks.postmark import PostmarkTrackingWebhookView

from notifications.models import DeliveryEvent, OutboundMessage
from notifications.selectors import bounced_messages
from notifications.services import METADATA_KEY, message_deliver, message_queue

pytestmark = pytest.mark.django_db

ESP_ID = "883953f4-6105-42a2-a16a-77a8eac79483"
WHEN = datetime(2025, 5, 14, 10, 0, tzinfo=UTC)


@pytest.fixture
def sent_message(message_args):
    """A message the ESP accepted with id ESP_ID."""
    message, _ = message_queue(**message_args())
    message_deliver(message_id=message.pk)
    OutboundMessage.objects.filter(pk=message.pk).update(esp_message_id=ESP_ID)
    message.refresh_from_db()
    assert message.status == "sent"
    return message


def send_event(**fields):
    """Send the tracking signal the way anymail's webhook views do."""
    event = AnymailTrackingEvent(**{"timestamp": WHEN, "message_id": ESP_ID, **fields})
    tracking.send(sender=PostmarkTrackingWebhookView, event=event, esp_name="Postmark")


def test_a_delivered_event_records_the_delivery_time(sent_message):
    send_event(event_type="delivered", description="250 OK")
    sent_message.refresh_from_db()
    assert sent_message.delivered_at == WHEN and sent_message.status == "sent"
    [event] = sent_message.events.all()
    assert (event.event_type, event.occurred_at, event.description) == ("delivered", WHEN, "250 OK")


def test_opened_keeps_the_first_time_and_records_every_event(sent_message):
    send_event(event_type="opened")
    send_event(event_type="opened", timestamp=datetime(2025, 5, 15, tzinfo=UTC))
    sent_message.refresh_from_db()
    assert sent_message.opened_at == WHEN
    assert sent_message.events.count() == 2


@pytest.mark.parametrize("event_type", ["bounced", "rejected", "failed"])
def test_a_bounce_marks_the_message_bounced_with_the_reason(sent_message, event_type):
    send_event(event_type=event_type, description="Mailbox does not exist.")
    sent_message.refresh_from_db()
    assert sent_message.status == "bounced"
    assert sent_message.bounced_at == WHEN
    assert sent_message.bounce_reason == "Mailbox does not exist."
    assert list(bounced_messages()) == [sent_message]
    assert list(bounced_messages(since=WHEN)) == []


def test_an_event_for_a_message_tandem_did_not_send_is_ignored(sent_message):
    send_event(event_type="bounced", message_id="someone-elses-message")
    sent_message.refresh_from_db()
    assert sent_message.status == "sent"
    assert not DeliveryEvent.objects.exists()


def test_an_event_finds_its_message_by_metadata_before_the_esp_id_is_recorded(message_args):
    message, _ = message_queue(**message_args())
    send_event(
        event_type="bounced",
        message_id="not-recorded-yet",
        metadata={METADATA_KEY: str(message.pk)},
        reject_reason="bounced",
    )
    message.refresh_from_db()
    assert message.status == "bounced" and message.bounce_reason == "bounced"
    assert message.next_attempt_at is None
    assert message_deliver(message_id=message.pk) is None  # never sent to a refusing address


def test_an_event_the_esp_sends_twice_is_stored_once(sent_message):
    send_event(event_type="bounced", event_id="4323372036854775807")
    send_event(event_type="bounced", event_id="4323372036854775807")
    assert sent_message.events.count() == 1


def _post_to_postmark_webhook(client, payload, credentials="tandem:s3cret"):
    return client.post(
        "/anymail/postmark/tracking/",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(credentials.encode()).decode(),
    )


POSTMARK_BOUNCE = {
    "RecordType": "Bounce",
    "ID": 4323372036854775807,
    "Type": "HardBounce",
    "TypeCode": 1,
    "MessageID": ESP_ID,
    "Description": "The server was unable to deliver your message (ex: unknown user).",
    "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
    "Email": "grace@example.org",
    "BouncedAt": "2025-05-14T10:00:00Z",
    "Metadata": {},
}


def test_the_postmark_webhook_with_the_secret_records_a_bounce(client, settings, sent_message):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "tandem:s3cret"}
    response = _post_to_postmark_webhook(client, POSTMARK_BOUNCE)
    assert response.status_code == 200
    sent_message.refresh_from_db()
    assert sent_message.status == "bounced" and sent_message.bounced_at == WHEN
    assert "unable to deliver" in sent_message.bounce_reason
    assert sent_message.events.get().esp_event_id == "4323372036854775807"


def test_the_webhook_refuses_a_caller_without_the_secret(client, settings, sent_message):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "tandem:s3cret"}
    response = _post_to_postmark_webhook(client, POSTMARK_BOUNCE, credentials="tandem:guess")
    assert response.status_code == 400
    sent_message.refresh_from_db()
    assert sent_message.status == "sent"
    assert not DeliveryEvent.objects.exists()


def test_deploy_check_warns_when_anymail_sends_without_a_webhook_secret(settings):
    from notifications.checks import anymail_webhook_secret

    settings.EMAIL_BACKEND = "anymail.backends.postmark.EmailBackend"
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "x"}
    assert [w.id for w in anymail_webhook_secret(None)] == ["notifications.W001"]
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "x", "WEBHOOK_SECRET": "tandem:s3cret"}
    assert anymail_webhook_secret(None) == []


def test_without_a_webhook_secret_the_tracking_webhook_does_not_exist(client, settings):
    settings.ANYMAIL = {}
    assert _post_to_postmark_webhook(client, POSTMARK_BOUNCE).status_code == 404


def test_an_unconfigured_providers_webhook_is_a_404_not_a_500(client, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "tandem:s3cret"}
    response = client.post(
        "/anymail/mailgun/tracking/",
        data="{}",
        content_type="application/json",
        HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"tandem:s3cret").decode(),
    )
    assert response.status_code == 404


def test_inbound_mail_webhooks_are_mounted_only_with_the_secret(client, settings):
    settings.ANYMAIL = {}
    assert client.post("/anymail/postmark/inbound/").status_code == 404
    settings.ANYMAIL = {"WEBHOOK_SECRET": "tandem:s3cret"}
    assert client.post("/anymail/postmark/inbound/").status_code == 400  # no basic auth
