"""The word search at scale (PostgreSQL; nothing of this exists on SQLite, which searches substrings in
the documents themselves).

- ``cases_casesearchvector``: one row per case with the words of its memo and of its documents
  without secrecy, as one stripped tsvector (no positions: the search neither ranks nor matches
  phrases), kept inline (``STORAGE MAIN``, ``toast_tuple_target`` 8160) so that testing a row never
  reads TOAST, with a GIN index. Kept by statement-level triggers on documents and memos
  (``cases_search_refresh``), which take a transaction-scoped advisory lock per case so that two
  transactions changing the same case's documents at once cannot overwrite each other's words.
  Secret documents are never in it: their words are matched in ``cases_document`` (a partial GIN
  index over the secret ones), and only for users entitled to them.
- Documents and memos are searched by words and word beginnings only, no longer by substring: on
  long texts a substring test re-reads the text of every candidate row, for a common word a large
  part of the table. Their trigram indexes go; the cases' own (short) text keeps its trigram index.
- Their long texts (extracted text, search text, vector: a few kB per document) are stored out of
  line as soon as a row is toasted at all (``toast_tuple_target`` 256 instead of about 2 kB), so the
  heap that lists and the document search read stays a few hundred bytes a row. Applies to rows
  written from now on.
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
DROP INDEX IF EXISTS cases_document_trgm;
DROP INDEX IF EXISTS cases_memo_trgm;
ALTER TABLE cases_document SET (toast_tuple_target = 256);
ALTER TABLE cases_memo SET (toast_tuple_target = 256);
CREATE INDEX IF NOT EXISTS cases_document_secret_search ON cases_document USING gin (search_vector) WHERE is_secret;

ALTER TABLE cases_casesearchvector ALTER COLUMN vector SET STORAGE MAIN;
ALTER TABLE cases_casesearchvector SET (toast_tuple_target = 8160);
CREATE INDEX IF NOT EXISTS cases_casesearchvector_vector ON cases_casesearchvector USING gin (vector);

CREATE OR REPLACE AGGREGATE cases_tsvector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

CREATE OR REPLACE FUNCTION cases_search_refresh(case_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- One transaction at a time per case: the next waits here, then its INSERT reads (new snapshot)
    -- what the first committed, so neither overwrites the other's words.
    PERFORM pg_advisory_xact_lock(7301, ids.id::integer)
        FROM (SELECT DISTINCT unnest(case_ids) AS id ORDER BY 1) AS ids;
    INSERT INTO cases_casesearchvector (case_id, vector)
    SELECT c.id, strip(
        coalesce((SELECT cases_tsvector_agg(strip(d.search_vector)) FROM cases_document d
                  WHERE d.case_id = c.id AND NOT d.is_secret), ''::tsvector)
        || coalesce((SELECT strip(m.search_vector) FROM cases_memo m WHERE m.case_id = c.id), ''::tsvector))
    FROM cases_case c
    WHERE c.id = ANY(case_ids)
    ON CONFLICT (case_id) DO UPDATE SET vector = EXCLUDED.vector;
END $$;

CREATE OR REPLACE FUNCTION cases_search_after_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cases_search_refresh(ARRAY(SELECT DISTINCT case_id FROM changed_new));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_search_after_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cases_search_refresh(ARRAY(SELECT case_id FROM changed_new UNION SELECT case_id FROM changed_old));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION cases_search_after_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM cases_search_refresh(ARRAY(SELECT DISTINCT case_id FROM changed_old));
    RETURN NULL;
END $$;
"""

TRIGGERS = """
CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS changed_new FOR EACH STATEMENT EXECUTE FUNCTION cases_search_after_insert();
CREATE TRIGGER {table}_search_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION cases_search_after_update();
CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS changed_old FOR EACH STATEMENT EXECUTE FUNCTION cases_search_after_delete();
"""

BACKFILL = "SELECT cases_search_refresh(ARRAY(SELECT id FROM cases_case));"

REVERSE = """
DROP TRIGGER IF EXISTS {table}_search_insert ON {table};
DROP TRIGGER IF EXISTS {table}_search_update ON {table};
DROP TRIGGER IF EXISTS {table}_search_delete ON {table};
"""

REVERSE_FUNCTIONS = """
DROP FUNCTION IF EXISTS cases_search_after_insert();
DROP FUNCTION IF EXISTS cases_search_after_update();
DROP FUNCTION IF EXISTS cases_search_after_delete();
DROP FUNCTION IF EXISTS cases_search_refresh(bigint[]);
DROP AGGREGATE IF EXISTS cases_tsvector_agg(tsvector);
DROP INDEX IF EXISTS cases_document_secret_search;
ALTER TABLE cases_document RESET (toast_tuple_target);
ALTER TABLE cases_memo RESET (toast_tuple_target);
CREATE INDEX IF NOT EXISTS cases_document_trgm ON cases_document USING gin (search_text gin_trgm_ops);
CREATE INDEX IF NOT EXISTS cases_memo_trgm ON cases_memo USING gin (search_text gin_trgm_ops);
"""

TABLES = ["cases_document", "cases_memo"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FORWARD)
    for table in TABLES:
        schema_editor.execute(TRIGGERS.format(table=table))
    schema_editor.execute(BACKFILL)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(REVERSE.format(table=table))
    schema_editor.execute(REVERSE_FUNCTIONS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_access_history_and_registration")]

    operations = [
        migrations.CreateModel(
            name="CaseSearchVector",
            fields=[
                (
                    "case",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="cases.case",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"verbose_name": "sökord för ärende", "verbose_name_plural": "sökord för ärenden"},
        ),
        migrations.RunPython(forward, reverse),
    ]
