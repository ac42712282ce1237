"""Full-text search indexes on PostgreSQL: the `swedish` configuration over the search text of cases,
documents and memos (GIN), and trigram indexes for the substring/prefix matches that complement
stemming. On SQLite nothing is created (the selectors fall back to substring matching)."""

from django.db import migrations

TABLES = ["cases_case", "cases_document", "cases_memo"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_fts ON {table} "
            f"USING gin (to_tsvector('swedish'::regconfig, search_text))"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_trgm ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_fts")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
