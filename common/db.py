"""Database helpers that differ between PostgreSQL and SQLite.

Swedish sort order: the default collation puts Å, Ä and Ö in the wrong place (or among the A:s and
O:s). On PostgreSQL we order by the ICU collation ``sv-SE-x-icu``; on SQLite ``common.apps``
registers a Python collation with the same name (``swedish_sort_key``), so the same expression works
on both and "Åre" and "Östersund" sort last.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F
from django.db.models.functions import Collate

SWEDISH_COLLATION = "sv-SE-x-icu"
SQLITE_COLLATION = "sv_SE"

# Swedish alphabet: ... X Y Z Å Ä Ö. Other accented letters sort as their base letter (é → e, ü → y).
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_SPECIAL = {"å": "å", "ä": "ä", "ö": "ö", "æ": "ä", "ø": "ö", "ü": "y"}


@lru_cache(maxsize=16384)
def swedish_sort_key(value: str) -> tuple:
    """A sort key for ``value`` in Swedish alphabetical order, case-insensitive first (remembered per
    string: lists sort the same names again and again, about 25 µs each to build)."""
    key = []
    for char in (value or "").casefold():
        base = _SPECIAL[char] if char in _SPECIAL else unicodedata.normalize("NFD", char)[0]
        if base in _ALPHABET:
            key.append((1, _ALPHABET.index(base), char))
        elif base.isdigit():
            key.append((0, int(base), char))
        else:
            key.append((0, -1, char))
    return (tuple(key), value or "")


def _cmp(a: str, b: str) -> int:
    ka, kb = swedish_sort_key(a), swedish_sort_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: the Swedish collation for SQLite connections."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _cmp)


def swedish(field: str):
    """An expression that orders ``field`` in Swedish alphabetical order on the current database:
    ``Party.objects.order_by(swedish("name"))``."""
    if connection.vendor == "postgresql":
        return Collate(F(field), SWEDISH_COLLATION)
    if connection.vendor == "sqlite":
        return Collate(F(field), SQLITE_COLLATION)
    return F(field)


class Precompiled:
    """``SELECT <every concrete column> FROM <table> WHERE <where>`` for ``model``, built once. For the
    few lookups made on every request (session, user): a precompiled statement costs a tenth of the
    ORM's query building. ``where`` names columns as ``{field}`` (quoted for you), e.g.
    ``"{session_key} = %s"``; rows become instances through the same converters the ORM applies (on
    SQLite, for instance, a datetime column comes back naive without them)."""

    def __init__(self, model, where: str, *, using: str = "default"):
        from django.db import connections

        connection = connections[using]
        quote = connection.ops.quote_name
        fields = model._meta.concrete_fields
        columns = {field.attname: quote(field.column) for field in fields}
        columns.update({field.name: quote(field.column) for field in fields})
        columns["pk"] = quote(model._meta.pk.column)
        self.model, self.using = model, using
        self.sql = "SELECT {} FROM {} WHERE {}".format(
            ", ".join(quote(field.column) for field in fields), quote(model._meta.db_table), where.format(**columns)
        )
        self.names = [field.attname for field in fields]
        self.converters = []
        for index, field in enumerate(fields):
            col = field.get_col(model._meta.db_table)
            for converter in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
                self.converters.append((index, converter, col))

    def get(self, params: list):
        """The one instance matching, or None."""
        from django.db import connections

        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        if self.converters:
            row = list(row)
            for index, converter, col in self.converters:
                row[index] = converter(row[index], col, connection)
        return self.model.from_db(self.using, self.names, row)


def one_or_none(queryset):
    """The row of ``queryset`` filtered by a unique key (the primary key), or None. ``.first()`` would add
    ORDER BY pk, and for an ordered query Django 5.2 hashes every selected column to match the ordering
    against the SELECT list (about 5 µs a column; a row with its select_related relations is often a
    hundred columns). With at most one row there is nothing to order."""
    return next(iter(queryset.order_by()[:1]), None)
