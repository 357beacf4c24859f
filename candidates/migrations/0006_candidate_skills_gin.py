"""PostgreSQL: a GIN index on the skills list (jsonb_path_ops), so `skills @> '["kubernetes"]'`
(Django's `skills__contains=[...]`) is an index lookup, not a scan of every profile's text.
A no-op on SQLite, which filters the demo's few hundred profiles by their JSON text."""

from django.db import migrations

INDEXES = [
    ("candidate_skills_gin", "USING gin (skills jsonb_path_ops)"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, method in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON candidates_candidate {method}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _method in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0005_candidate_email_undeliverable_at")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
