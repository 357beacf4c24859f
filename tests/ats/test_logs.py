"""Logs a person can watch: a line per sweep and per request error, JSON in production."""

import importlib
import json
import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import include, path

from ats.logs import JsonFormatter, RequestFilter, logged_sweep
from notifications.services import QUEUED_GRACE, message_queue
from notifications.tasks import requeue_messages

pytestmark = pytest.mark.django_db


def sweep_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "tandem.sweeps"]


def test_a_sweep_logs_one_line_with_its_name_what_it_handled_and_how_long_it_took(caplog, clock):
    message_queue(  # its delivery task is lost (no commit here): the sweep finds it
        template_key="application_received",
        to="grace@example.org",
        context={"candidate_first_name": "Grace", "requisition_title": "Backend Engineer"},
        idempotency_key="logs:1",
    )
    clock.advance(QUEUED_GRACE + timedelta(seconds=1))
    with caplog.at_level(logging.INFO):
        assert requeue_messages() == 1

    [record] = sweep_records(caplog)
    assert record.levelno == logging.INFO
    assert record.sweep == "notifications.tasks.requeue_messages"
    assert record.count == 1
    assert isinstance(record.duration_ms, float) and record.duration_ms >= 0
    assert "notifications.tasks.requeue_messages handled 1" in record.getMessage()


@pytest.mark.parametrize(
    "task_name", sorted(entry["task"] for entry in settings.TANDEM_PERIODIC_TASKS.values())
)
def test_every_periodic_task_logs_one_sweep_line_naming_it(caplog, task_name):
    module, function = task_name.rsplit(".", 1)
    task = getattr(importlib.import_module(module), function)
    with caplog.at_level(logging.INFO):
        result = task()
    [record] = sweep_records(caplog)
    assert (record.sweep, record.count) == (task_name, result)


def test_a_failing_sweep_logs_its_error_and_raises_it_again(caplog):
    @logged_sweep
    def broken_sweep() -> int:
        raise RuntimeError("the database went away")

    with caplog.at_level(logging.INFO), pytest.raises(RuntimeError):
        broken_sweep()
    [record] = sweep_records(caplog)
    assert record.levelno == logging.ERROR
    assert record.sweep.endswith("broken_sweep")
    assert record.exc_info[0] is RuntimeError
    assert not hasattr(record, "count")


def broken_view(request):
    raise RuntimeError("something broke")


urlpatterns = [path("broken/", broken_view), path("", include("ats.urls"))]


@override_settings(ROOT_URLCONF=__name__)
def test_a_request_error_logs_its_path_status_user_and_exception(client, recruiter, caplog):
    client.raise_request_exception = False
    client.force_login(recruiter)
    with caplog.at_level(logging.INFO):
        assert client.get("/broken/").status_code == 500

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.ERROR
    assert (record.path, record.method, record.status_code) == ("/broken/", "GET", 500)
    assert record.user_id == recruiter.pk
    assert record.exc_info[0] is RuntimeError


@override_settings(ROOT_URLCONF=__name__)
def test_a_not_found_logs_a_warning_with_no_user_for_an_anonymous_visitor(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/missing/")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelno == logging.WARNING
    assert (record.path, record.status_code, record.user_id) == ("/missing/", 404, None)


def test_the_json_format_writes_one_object_with_the_extra_fields_and_no_request_object(rf):
    request = rf.get("/broken/")
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    record.request = request
    record.status_code = 500
    RequestFilter().filter(record)
    line = JsonFormatter("%(levelname)s %(name)s %(message)s").format(record)

    fields = json.loads(line)
    assert fields["levelname"] == "ERROR" and fields["message"] == "boom"
    assert (fields["path"], fields["status_code"], fields["user_id"]) == ("/broken/", 500, None)
    assert "request" not in fields and "timestamp" in fields


def test_logs_are_text_in_tests_and_name_their_formatter_from_log_format():
    assert settings.LOG_FORMAT == "text"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert set(settings.LOGGING["formatters"]) == {"text", "json"}
