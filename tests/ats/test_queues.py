"""Email delivery and the periodic sweeps travel on separate queues, and the demo (Procfile.demo)
and compose each run a worker for both, so a backlog of email never delays a due reminder."""

import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from ats.celery import app

ROOT = Path(__file__).resolve().parents[2]


def _queue(task_name: str) -> str:
    route = app.amqp.router.route({}, task_name)
    return route["queue"].name


def _queues_consumed(command: list[str]) -> set[str]:
    for part in command:
        if part.startswith("--queues="):
            return set(part.removeprefix("--queues=").split(","))
    return {settings.CELERY_TASK_DEFAULT_QUEUE}


def test_every_periodic_sweep_goes_to_the_sweeps_queue_and_email_to_the_default_one():
    for entry in settings.TANDEM_PERIODIC_TASKS.values():
        if entry["task"] != "ats.tasks.record_heartbeat":  # the delivery worker's pulse
            assert _queue(entry["task"]) == settings.SWEEPS_QUEUE, entry["task"]
    for name in ("notifications.tasks.deliver_messages", "notifications.tasks.deliver_message"):
        assert _queue(name) == settings.CELERY_TASK_DEFAULT_QUEUE


def test_the_demo_runs_one_worker_for_email_and_one_for_the_sweeps():
    processes = dict(
        line.split(":", 1) for line in (ROOT / "Procfile.demo").read_text().splitlines() if line
    )
    workers = {
        name: _queues_consumed(shlex.split(command))
        for name, command in processes.items()
        if re.search(r"celery .* worker", command)
    }
    assert sorted(workers.values(), key=sorted) == [
        {settings.CELERY_TASK_DEFAULT_QUEUE},
        {settings.SWEEPS_QUEUE},
    ]


def test_compose_consumes_every_queue_a_task_is_sent_to():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    consumed = set().union(
        *(
            _queues_consumed(s["command"])
            for s in services.values()
            if "worker" in s.get("command", [])
        )
    )
    assert consumed == {settings.CELERY_TASK_DEFAULT_QUEUE, settings.SWEEPS_QUEUE}


@pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("filesystem"), reason="the demo's embedded broker"
)
def test_the_demo_broker_looks_for_new_tasks_ten_times_a_second():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"] <= 0.1
