"""The OpenAPI schema at /api/schema/ validates; the docs at /api/docs/ come from the installed
drf-spectacular-sidecar package (no CDN)."""

import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command
from drf_spectacular.validation import validate_schema


def test_the_generated_schema_is_valid_openapi(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = (
        response.json() if "json" in response["Content-Type"] else yaml.safe_load(response.content)
    )
    validate_schema(schema)  # raises on an invalid document
    assert "/api/v1/applications/{id}/move/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["personalToken"]["scheme"] == "bearer"


def test_schema_generation_has_no_warnings(db, capsys):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_loads_swagger_from_our_own_static_files(client, db):
    page = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in src for src in sources)
    assert not [src for src in sources if src.startswith(("http:", "https:", "//"))]
    for src in sources:
        if src.startswith("/static/"):
            assert finders.find(src.removeprefix("/static/")), src  # served from an installed file
    assert "<script>" not in page and "<style" not in page  # nothing inline (CSP)
