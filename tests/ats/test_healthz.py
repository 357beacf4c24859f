from unittest import mock

from django.db import DatabaseError
from django.test import override_settings


def test_healthz_reports_database_and_broker_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok"}


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0", CELERY_BROKER_TRANSPORT_OPTIONS={})
def test_healthz_names_the_broker_when_it_is_down(client, db):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "unreachable"}


def test_healthz_names_the_database_when_it_is_down(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_healthz_is_public_and_never_cached(client, db):
    response = client.get("/healthz")
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_refuses_a_post(client, db):
    assert client.post("/healthz").status_code == 405
