"""A rate limit per token: past its budget a token gets 429 with Retry-After; another token,
even of the same user, has its own budget."""

from api.services import api_token_create
from api.throttling import TokenRateThrottle
from tests.api.test_tokens import bearer


def test_a_token_past_its_budget_gets_429_with_retry_after(recruiter, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "rate", "3/min", raising=False)
    _, busy = api_token_create(user=recruiter, name="busy")
    _, other = api_token_create(user=recruiter, name="other")
    statuses = [bearer(busy).get("/api/v1/users/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = bearer(busy).get("/api/v1/users/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower()
    assert bearer(other).get("/api/v1/users/").status_code == 200


def test_the_default_budget_comes_from_settings(settings):
    assert (
        TokenRateThrottle().get_rate() == settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["token"]
    )
