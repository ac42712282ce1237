"""The immutability helper (common.immutable): the SQL it generates, that it is a no-op on SQLite, and on
PostgreSQL that the triggers it installs refuse save(), QuerySet.update(), delete() and raw SQL, while TRUNCATE
(how test databases are flushed) and allowed changes still work."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.state import ProjectState

from cases.models import Case, Document
from cases.tests.factories import CaseFactory, DocumentFactory
from common.archive import archive_store
from common.immutable import RefuseDelete, RefuseInsert, RefuseUpdate
from common.models import ArchivedDocument


def _model(label):
    return ProjectState.from_apps(__import__("django.apps", fromlist=["apps"]).apps).apps.get_model(label)


def test_update_guard_sql_compares_only_the_protected_columns():
    guard = RefuseUpdate(
        "finance.Invoice", name="t_invoice", when="OLD.status <> 'draft'", except_columns=["status", "updated_at"]
    )
    sql = " ".join(guard.sql_create(_model("finance.Invoice"), '"finance_invoice"'))
    assert 'BEFORE UPDATE ON "finance_invoice"' in sql and "immutable_t_invoice_fn" in sql
    assert 'OLD."total" IS DISTINCT FROM NEW."total"' in sql and 'OLD."number"' in sql
    assert 'OLD."status" IS DISTINCT' not in sql and 'OLD."updated_at"' not in sql
    assert "(OLD.status <> 'draft')" in sql and "integrity_constraint_violation" in sql


def test_delete_and_insert_guards_and_their_validation():
    delete = " ".join(RefuseDelete("cases.Case", name="t_case").sql_create(_model("cases.Case"), '"cases_case"'))
    assert "BEFORE DELETE" in delete and "IF (TRUE)" in delete and "RETURN OLD" in delete
    insert = RefuseInsert("finance.InvoiceLine", name="t_line", when="NEW.amount < 0")
    assert "BEFORE INSERT" in " ".join(insert.sql_create(_model("finance.InvoiceLine"), '"finance_invoiceline"'))
    with pytest.raises(ValueError):
        RefuseDelete("cases.Case", name="Bad Name")
    with pytest.raises(ValueError):
        RefuseUpdate("cases.Case", name="x", columns=["title"], except_columns=["title"])
    with pytest.raises(ValueError, match="no field"):
        RefuseUpdate("cases.Case", name="x", columns=["nonexistent"]).protected_columns(_model("cases.Case"))
    name, args, kwargs = RefuseUpdate("cases.Case", name="x", columns=["title"]).deconstruct()
    assert (name, args, kwargs["columns"]) == ("RefuseUpdate", ["cases.Case"], ["title"])


@pytest.mark.django_db
def test_sqlite_has_no_triggers_and_is_not_affected():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite only")
    case = CaseFactory()
    Case.objects.filter(pk=case.pk).update(title="Ändrad")  # allowed: no triggers on SQLite


def _refused(action) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        action()


@pytest.mark.postgres
@pytest.mark.django_db
def test_registered_cases_and_documents_are_never_deleted_on_postgresql():
    document = DocumentFactory()
    case = document.case
    _refused(lambda: document.delete())
    _refused(lambda: Document.objects.filter(pk=document.pk).delete())
    _refused(lambda: Case.objects.filter(pk=case.pk).delete())
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute("DELETE FROM cases_case WHERE id = %s", [case.pk]))
    assert Case.objects.filter(pk=case.pk).exists() and Document.objects.filter(pk=document.pk).exists()
    Case.objects.filter(pk=case.pk).update(title="Ny ärendemening")  # changing a case is not refused
    with connection.cursor() as cursor:  # no guard fires on TRUNCATE (test databases are flushed with it)
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'immutable_%%'")
        assert cursor.fetchone()[0] >= 10
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'immutable_%%' AND (tgtype & 32) <> 0")
        assert cursor.fetchone()[0] == 0


@pytest.mark.postgres
@pytest.mark.django_db
def test_archived_documents_can_be_neither_changed_nor_deleted_on_postgresql():
    document = archive_store(kind="test", object_id=1, title="Prov", filename="prov.pdf", content=b"%PDF-1.7 prov")
    document.title = "Ändrad"
    _refused(lambda: document.save())
    _refused(lambda: ArchivedDocument.objects.filter(pk=document.pk).update(sha256="0" * 64))
    _refused(lambda: ArchivedDocument.objects.filter(pk=document.pk).delete())
    with connection.cursor() as cursor:
        _refused(lambda: cursor.execute("UPDATE common_archiveddocument SET size = 1 WHERE id = %s", [document.pk]))
    document.refresh_from_db()
    assert document.title == "Prov"
