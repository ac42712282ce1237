"""Matching of search words and diary numbers, shared by the case list, the search page and the public
diary: substring matching everywhere, plus the Swedish full-text configuration on PostgreSQL."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.db import connection
from django.db.models import F, Func, Q

from .. import numbers

_SHORT_NUMBER_RE = re.compile(r"^\s*0*(\d{1,7})\s*/\s*(\d{4})\s*$")


class _StoredVector(Func):
    """The stored ``search_vector`` column (PostgreSQL only, migration 0003) of the table whose
    ``search_text`` is given: to_tsvector('swedish', search_text), computed by the database."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return sql.replace('"search_text"', '"search_vector"'), params


def _terms(query: str) -> list[str]:
    return [t for t in re.split(r"\s+", query.strip()) if t][:10]


def text_match_q(query: str, field: str = "search_text") -> Q:
    """Words in ``field`` (a lower-cased search text). Every word must match, either as a substring
    (finds prefixes and the forms officials type) or, on PostgreSQL, through the Swedish full-text
    configuration (stemming: "upphandlingen" finds "upphandlingar"), served by the GIN indexes.
    Only ``search_text`` fields have a stored vector on PostgreSQL."""
    terms = _terms(query)
    if not terms:
        return Q()
    postgres = connection.vendor == "postgresql"
    match = Q()
    for term in terms:
        word = Q(**{f"{field}__contains": term.lower()})
        if postgres:
            fts = SearchVectorExact(_StoredVector(F(field)), SearchQuery(term, config="swedish", search_type="plain"))
            word = Q(fts) | word
        match &= word
    return match


def number_q(query: str) -> Q | None:
    """A Q for a diary number in any common spelling (GNS/03/2019, gns/3/2019, 3/2019), or None."""
    number = numbers.try_parse(query)
    if number is not None:
        return Q(diary__prefix=number.prefix, sequence=number.sequence, year=number.year)
    match = _SHORT_NUMBER_RE.match(query)
    if match:
        return Q(sequence=int(match[1]), year=int(match[2]))
    return None
