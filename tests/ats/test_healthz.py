from datetime import timedelta
from unittest import mock

from django.db import DatabaseError
from django.test import override_settings

from ats.tasks import record_heartbeat
from notifications.services import message_queue

# No worker has run in a fresh test database: reported, healthy outside production.
NO_WORKER_YET = {
    "worker": "never",
    "queue": "ok",
    "worker_heartbeat_age_seconds": None,
    "oldest_queued_message_age_seconds": None,
}


def test_healthz_reports_database_and_broker_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", **NO_WORKER_YET}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0", CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_healthz_names_the_broker_when_it_is_down(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unreachable", **NO_WORKER_YET}


def test_healthz_reports_a_fresh_worker_heartbeat_with_its_age(client, db, clock):
    record_heartbeat()
    clock.advance(timedelta(seconds=300))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["worker"] == "ok"
    assert response.json()["worker_heartbeat_age_seconds"] == 300


def test_healthz_answers_503_and_names_the_worker_when_its_heartbeat_is_stale(
    client, db, clock, settings
):
    settings.TANDEM_HEALTH_HEARTBEAT_MAX_SECONDS = 300
    record_heartbeat()
    clock.advance(timedelta(seconds=301))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "stale"
    assert response.json()["worker_heartbeat_age_seconds"] == 301
    assert (response.json()["database"], response.json()["broker"]) == ("ok", "ok")


def test_healthz_answers_503_when_no_worker_ever_ran_where_one_is_required(client, db, settings):
    settings.TANDEM_HEALTH_HEARTBEAT_REQUIRED = True
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == "never"


def test_healthz_answers_503_and_names_the_queue_when_a_message_waits_too_long(
    client, db, clock, settings
):
    settings.TANDEM_HEALTH_QUEUE_MAX_SECONDS = 900
    record_heartbeat()
    message_queue(  # no commit callbacks run here: the message waits, as with no worker
        template_key="application_received",
        to="grace@example.org",
        context={"candidate_first_name": "Grace", "requisition_title": "Backend Engineer"},
        idempotency_key="healthz:1",
    )
    clock.advance(timedelta(seconds=900))
    assert client.get("/healthz").json()["queue"] == "ok"

    clock.advance(timedelta(seconds=1))
    record_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["queue"] == "stale"
    assert response.json()["oldest_queued_message_age_seconds"] == 901
    assert response.json()["worker"] == "ok"


def test_healthz_names_the_database_when_it_is_down(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
    assert (response.json()["worker"], response.json()["queue"]) == ("unknown", "unknown")


def test_healthz_is_public_and_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_refuses_a_post(client, db):
    assert client.post("/healthz").status_code == 405
