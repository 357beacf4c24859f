"""PostgreSQL search indexes: pg_trgm, a GIN index on the search vector, trigram indexes on names
(fuzzy matching) and emails (substring matching). Each step is a no-op on SQLite (which searches with a simpler LIKE match)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    (
        "candidate_search_vector_gin",
        "USING gin (search_vector)",
    ),
    ("candidate_first_name_trgm", "USING gin (first_name gin_trgm_ops)"),
    ("candidate_last_name_trgm", "USING gin (last_name gin_trgm_ops)"),
    # Matches Django's icontains on PostgreSQL: UPPER(email::text) LIKE UPPER('%...%').
    ("candidate_email_trgm", "USING gin (upper(email::text) gin_trgm_ops)"),
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
    dependencies = [("candidates", "0002_resume_search_similar")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
