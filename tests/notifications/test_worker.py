"""A real Celery worker on the real Redis delivers the outbox (needs REDIS_URL, as in CI)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import transaction

from ats.celery import app
from notifications.models import OutboundMessage
from notifications.services import message_queue

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)"),
]


def _wait_for_status(message_id, status, seconds=15):
    for _ in range(seconds * 10):
        message = OutboundMessage.objects.get(pk=message_id)
        if message.status == status:
            return message
        time.sleep(0.1)
    return OutboundMessage.objects.get(pk=message_id)


@pytest.mark.django_db(transaction=True)
def test_a_message_queued_in_a_committed_transaction_is_delivered_by_a_real_worker(message_args):
    mail.outbox = []
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        with transaction.atomic():
            message, created = message_queue(**message_args())
        assert created
        delivered = _wait_for_status(message.pk, "sent")
    assert delivered.status == "sent" and delivered.attempts == 1
    assert [email.to for email in mail.outbox] == [["Grace Hopper <grace@example.org>"]]
