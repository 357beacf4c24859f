"""A line per delivery: which message, template, status and attempts; never its content or
the full address."""

import json
import logging

import pytest

from ats.logs import JsonFormatter
from notifications.services import message_queue

pytestmark = pytest.mark.django_db


def delivery_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "notifications.services"]


def as_json(record: logging.LogRecord) -> str:
    return JsonFormatter("%(levelname)s %(name)s %(message)s").format(record)


def test_a_delivered_message_logs_its_id_template_status_attempts_and_the_domain_only(
    message_args, django_capture_on_commit_callbacks, mailoutbox, caplog
):
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        message, _ = message_queue(**message_args())

    [record] = delivery_records(caplog)
    assert record.levelno == logging.INFO
    assert (record.message_id, record.template_key) == (str(message.pk), "application_received")
    assert (record.status, record.attempts, record.recipient_domain) == ("sent", 1, "example.org")
    line = as_json(record)
    assert json.loads(line)["status"] == "sent"
    for personal in ("grace@example.org", "Grace", "Backend Engineer"):
        assert personal not in line


def test_a_failed_delivery_logs_a_warning_with_the_error_type_but_not_its_text(
    message_args, django_capture_on_commit_callbacks, broken_esp, caplog
):
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        message_queue(**message_args())

    [record] = delivery_records(caplog)
    assert record.levelno == logging.WARNING
    assert (record.status, record.attempts) == ("failed", 1)
    assert record.error == "ConnectionResetError"
    line = as_json(record)
    assert "grace@example.org" not in line and "closed the connection" not in line
