"""PostgreSQL: a GIN index on the skills list (jsonb_path_ops), so `skills @> '["kubernetes"]'`
(Django's `skills__contains=[...]`) is an index lookup. A no-op on SQLite, which filters the
demo's few hundred profiles by their JSON text."""

from django.db import migrations

INDEX = "candidate_skills_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON candidates_candidate "
            "USING gin (skills jsonb_path_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("candidates", "0005_candidate_email_undeliverable_at")]

    operations = [migrations.RunPython(create_index, drop_index)]
