"""A real Celery worker against the real Redis (runs when REDIS_URL is set, as in CI)."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from ats.celery import app
from ats.models import Heartbeat
from ats.tasks import record_heartbeat

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)"),
]


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_from_redis_and_its_result_lands_in_the_database():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = record_heartbeat.apply_async(kwargs={"name": "integration-test"})
        result_id = result.id
        for _ in range(100):
            if Heartbeat.objects.filter(name="integration-test").exists():
                break
            time.sleep(0.1)
    assert result_id
    assert Heartbeat.objects.get(name="integration-test").hostname
