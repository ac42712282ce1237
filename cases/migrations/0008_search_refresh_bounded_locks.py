"""The word search's refresh (``cases_search_refresh``, migration 0006) took one advisory lock per changed
case. A statement that changes the documents of thousands of cases at once (the bench data, an import, a
bulk correction) ran PostgreSQL out of lock slots ("out of shared memory", max_locks_per_transaction).

Now every refresh holds a shared lock on one key for the whole search table, and a refresh of at most
64 cases adds its per-case locks as before; a larger one takes that key exclusively instead, which waits
for every other refresh and keeps them out until it commits. Either way no two transactions rebuild the
same case's words at once, and a transaction never holds more than 65 of these locks."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION cases_search_refresh(case_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(array_length(case_ids, 1), 0) = 0 THEN
        RETURN;
    END IF;
    IF (SELECT count(DISTINCT id) FROM unnest(case_ids) AS id) > 64 THEN
        PERFORM pg_advisory_xact_lock(7300, 0);
    ELSE
        PERFORM pg_advisory_xact_lock_shared(7300, 0);
        -- One transaction at a time per case: the next waits here, then its INSERT reads (new snapshot)
        -- what the first committed, so neither overwrites the other's words.
        PERFORM pg_advisory_xact_lock(7301, ids.id::integer)
            FROM (SELECT DISTINCT unnest(case_ids) AS id ORDER BY 1) AS ids;
    END IF;
    INSERT INTO cases_casesearchvector (case_id, vector)
    SELECT c.id, strip(
        coalesce((SELECT cases_tsvector_agg(strip(d.search_vector)) FROM cases_document d
                  WHERE d.case_id = c.id AND NOT d.is_secret), ''::tsvector)
        || coalesce((SELECT strip(m.search_vector) FROM cases_memo m WHERE m.case_id = c.id), ''::tsvector))
    FROM cases_case c
    WHERE c.id = ANY(case_ids)
    ON CONFLICT (case_id) DO UPDATE SET vector = EXCLUDED.vector;
END $$;
"""

REVERSE = """
CREATE OR REPLACE FUNCTION cases_search_refresh(case_ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
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
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_ediary_counterparts_publication")]

    operations = [migrations.RunPython(forward, reverse)]
