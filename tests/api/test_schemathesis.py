"""Schemathesis over the API's own OpenAPI schema, as a recruiter with a write token and data
behind every list: no answer is a 5xx, and every answer matches the schema it documents."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.services import api_token_create


def _schema():
    """The schema /api/schema/ serves, generated in-process; calls go to the WSGI app."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = get_wsgi_application()
    return loaded


schema = _schema()


@pytest.fixture
def connection_kept():
    """Requests reach the WSGI handler directly, which closes the database connection after
    each one (CONN_MAX_AGE=0) and with it the test's transaction; Django's own test client
    keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def recruiter_token(recruiter, pipelines, connection_kept):
    _, secret = api_token_create(user=recruiter, name="schemathesis", scope="write")
    return secret


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says_and_never_with_a_5xx(case, recruiter_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {recruiter_token}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
