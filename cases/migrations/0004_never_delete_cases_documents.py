"""Registered cases and documents are never deleted (DOMAIN.md: nothing registered is ever deleted;
a mistaken registration is closed as *felregistrerat* and keeps its number). PostgreSQL refuses a DELETE
of either table, whatever path it comes by (ORM, admin, raw SQL); no-op on SQLite. TRUNCATE is left
alone (test databases are flushed with it). See common/immutable.py."""

from django.db import migrations

from common.immutable import RefuseDelete


class Migration(migrations.Migration):
    dependencies = [("cases", "0003_search_vector_columns")]

    operations = [
        RefuseDelete(
            "cases.Case",
            name="case_delete",
            message="Ett registrerat ärende tas aldrig bort. Avsluta det som felregistrerat i stället.",
        ),
        RefuseDelete(
            "cases.Document",
            name="document_delete",
            message="En registrerad handling tas aldrig bort.",
        ),
    ]
