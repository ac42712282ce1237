"""PostgreSQL: keep the Swedish tsvector in a stored generated column (search_vector) with a GIN index,
instead of an expression index. The planner then never recomputes to_tsvector for every row when it
prefers a sequential scan (measured: 69 ms → a few ms for 7 500 documents). The column is computed
by the database from search_text; Django never writes it and SQLite does not have it."""

from django.db import migrations

TABLES = ["cases_case", "cases_document", "cases_memo"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_fts")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('swedish'::regconfig, search_text)) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING gin (search_vector)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_fts ON {table} "
            f"USING gin (to_tsvector('swedish'::regconfig, search_text))"
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_search_indexes")]
    operations = [migrations.RunPython(create, drop)]
