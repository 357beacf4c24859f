"""With Redis unreachable, the pages that keep rate-limit counts in the cache still answer: the
cache fails open (ats/cache.py), logged, instead of failing the request.

Redis is "down" for real: the cache points at a port where nothing listens (the shared Redis
server other tests use keeps running)."""

import pytest
from django.test import override_settings

from api.services import api_token_create
from notifications.models import OutboundMessage
from tests.careers.test_apply_outage import REDIS_DOWN
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_a_password_reset_is_still_sent(client, recruiter, caplog):
    response = client.post("/accounts/password/reset/", {"email": recruiter.email})
    assert response.status_code == 302
    assert OutboundMessage.objects.filter(to_address=recruiter.email).exists()
    assert "cache unreachable" in caplog.text


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_people_still_sign_in(client, recruiter):
    response = client.post("/accounts/login/", {"login": recruiter.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 200


@override_settings(CACHES=REDIS_DOWN)
def test_with_redis_down_the_api_still_answers(client, recruiter):
    _, secret = api_token_create(user=recruiter, name="script")
    response = client.get("/api/v1/requisitions/", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
