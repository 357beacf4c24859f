"""`seed_demo` is idempotent: a second run creates nothing twice and changes no state."""

import io

from django.apps import apps
from django.core.management import call_command
from django.db import connection

DEMO_APPS = ("auth", "ats", "notifications", "requisitions", "candidates", "workflows", "careers")


def _counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for label in DEMO_APPS
        for model in apps.get_app_config(label).get_models()
        if model._meta.db_table in tables  # not the models tests declare for themselves
    }


def test_running_seed_demo_twice_creates_nothing_twice(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    from workflows.models import Application

    states = dict(Application.objects.values_list("pk", "state"))

    call_command("seed_demo", stdout=io.StringIO())

    assert _counts() == first
    assert dict(Application.objects.values_list("pk", "state")) == states
    assert first["workflows.Application"] >= 250
