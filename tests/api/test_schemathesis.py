"""Schemathesis over the API's own OpenAPI schema, as a recruiter with a write token and data
behind every list: no answer is a 5xx, and every answer matches the schema it documents."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
def recruiter_token(recruiter, pipelines):
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
