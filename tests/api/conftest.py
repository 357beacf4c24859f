"""The API's test helpers: a client carrying a personal token of a persona."""

import pytest
from rest_framework.test import APIClient

from api.services import api_token_create


@pytest.fixture
def api_for(db):
    """`api_for(user, write=False)`: a client sending a fresh token of `user`."""

    def make(user, *, write: bool = False) -> APIClient:
        _, secret = api_token_create(user=user, name="tests", scope="write" if write else "read")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        return client

    return make


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Each test starts with an untouched rate-limit budget."""
    from django.core.cache import cache

    cache.clear()
    yield
