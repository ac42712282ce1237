"""Immutability in the database: migration operations that install PostgreSQL triggers refusing to change
or delete what the law says never changes (registered cases and documents, issued invoices, adjusted
protocols). Services already refuse these writes; the triggers make ``save()``, ``QuerySet.update()``,
``delete()``, the admin and raw SQL refuse them too.

Use the operations in a migration (they are no-ops on any database but PostgreSQL, so SQLite
development and tests are unaffected)::

    from common.immutable import RefuseDelete, RefuseInsert, RefuseUpdate

    operations = [
        # an issued invoice's money fields never change (status, paid_on, updated_at still may)
        RefuseUpdate("finance.Invoice", name="invoice_issued", except_columns=["status", "paid_on", "updated_at"],
                     when="OLD.status <> 'draft'", message="En skickad faktura kan inte ändras."),
        # a numbered invoice is never deleted (a draft has no number and may be discarded)
        RefuseDelete("finance.Invoice", name="invoice_numbered", when="OLD.number <> ''",
                     message="En numrerad faktura kan inte tas bort."),
        # a registered case is never deleted at all
        RefuseDelete("cases.Case", name="case", message="Ett registrerat ärende tas aldrig bort."),
    ]

Arguments:
- ``model``: "app_label.ModelName"; the table and column names are read from the migration state.
- ``name``: a short identifier, unique in the database; the trigger is ``immutable_<name>`` and its
  function ``immutable_<name>_fn``. Changing a guard later: a new migration with the same name replaces it.
- ``when``: a PL/pgSQL boolean expression over ``OLD`` (UPDATE, DELETE) and ``NEW`` (UPDATE, INSERT);
  it may contain subqueries, e.g. ``EXISTS (SELECT 1 FROM finance_invoice i WHERE i.id = OLD.invoice_id
  AND i.status <> 'draft')``. Omitted: always refuse.
- ``columns`` / ``except_columns`` (RefuseUpdate only): the model fields (by field name) whose change is
  refused, or all concrete fields except these. Neither given: any change of the row is refused. An UPDATE
  that writes the same values again (Django's ``save()`` writes every column) is let through.
- ``message``: the Swedish text of the error.

A refused write raises ``django.db.IntegrityError`` (SQLSTATE 23000) and aborts the transaction.
TRUNCATE is deliberately left alone: it is how test databases are flushed, and no application code
issues it.
"""

from __future__ import annotations

import re

from django.db.migrations.operations.base import Operation

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


def _quote(value: str) -> str:
    return value.replace("'", "''")


class _Guard(Operation):
    """Base class: one trigger and its function on one table."""

    event: str = ""  # UPDATE, DELETE or INSERT
    reduces_to_sql = False
    reversible = True

    def __init__(self, model: str, *, name: str, when: str = "", message: str = ""):
        if not _NAME.match(name):
            raise ValueError(f"Guard name {name!r}: lower case letters, digits and _ only (max 41).")
        self.model = model
        self.name = name
        self.when = when.strip()
        self.message = message or "Raden får inte ändras."

    # --- Operation API ------------------------------------------------------------------------
    def deconstruct(self):
        kwargs = {"name": self.name, "when": self.when, "message": self.message}
        return self.__class__.__qualname__, [self.model], kwargs

    def state_forwards(self, app_label, state):
        pass  # triggers are not part of the model state

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(self.model)
        table = schema_editor.quote_name(model._meta.db_table)
        for statement in self.sql_create(model, table):
            schema_editor.execute(statement)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(self.model)
        table = schema_editor.quote_name(model._meta.db_table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {self.trigger} ON {table}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {self.function}()")

    def describe(self):
        return f"Refuse {self.event} on {self.model} ({self.name})"

    @property
    def migration_name_fragment(self):
        return f"immutable_{self.name}"

    # --- SQL -------------------------------------------------------------------------------------
    @property
    def trigger(self) -> str:
        return f"immutable_{self.name}"

    @property
    def function(self) -> str:
        return f"immutable_{self.name}_fn"

    def condition(self, model) -> str:
        return self.when or "TRUE"

    def sql_create(self, model, table: str) -> list[str]:
        returned = "OLD" if self.event == "DELETE" else "NEW"
        message = _quote(f"{self.message} ({model._meta.db_table}, {self.trigger})")
        function = (
            f"CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger LANGUAGE plpgsql AS $fn$\n"
            f"BEGIN\n"
            f"  IF ({self.condition(model)}) THEN\n"
            f"    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation', MESSAGE = '{message}';\n"
            f"  END IF;\n"
            f"  RETURN {returned};\n"
            f"END\n$fn$"
        )
        return [
            function,
            f"DROP TRIGGER IF EXISTS {self.trigger} ON {table}",
            f"CREATE TRIGGER {self.trigger} BEFORE {self.event} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {self.function}()",
        ]


class RefuseDelete(_Guard):
    """Refuse DELETE of rows for which ``when`` (over ``OLD``) holds; without ``when``, of every row."""

    event = "DELETE"


class RefuseInsert(_Guard):
    """Refuse INSERT of rows for which ``when`` (over ``NEW``) holds, e.g. a line added to an issued invoice."""

    event = "INSERT"


class RefuseUpdate(_Guard):
    """Refuse UPDATE that changes the protected columns of rows for which ``when`` (over ``OLD``/``NEW``) holds."""

    event = "UPDATE"

    def __init__(
        self,
        model: str,
        *,
        name: str,
        when: str = "",
        message: str = "",
        columns: list[str] | None = None,
        except_columns: list[str] | None = None,
    ):
        if columns and except_columns:
            raise ValueError("Give columns or except_columns, not both.")
        super().__init__(model, name=name, when=when, message=message)
        self.columns = list(columns or [])
        self.except_columns = list(except_columns or [])

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        if self.columns:
            kwargs["columns"] = self.columns
        if self.except_columns:
            kwargs["except_columns"] = self.except_columns
        return path, args, kwargs

    def protected_columns(self, model) -> list[str]:
        fields = list(model._meta.concrete_fields)
        if self.columns:
            by_name = {f.name: f for f in fields}
            unknown = set(self.columns) - set(by_name)
            if unknown:
                raise ValueError(f"{self.model} has no field(s) {sorted(unknown)}")
            return [by_name[n].column for n in self.columns]
        if self.except_columns:
            unknown = set(self.except_columns) - {f.name for f in fields}
            if unknown:
                raise ValueError(f"{self.model} has no field(s) {sorted(unknown)}")
            return [f.column for f in fields if f.name not in self.except_columns]
        return []

    def condition(self, model) -> str:
        columns = self.protected_columns(model)
        if columns:
            changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in columns)
        else:
            changed = "ROW(OLD.*) IS DISTINCT FROM ROW(NEW.*)"
        return f"({super().condition(model)}) AND ({changed})"
