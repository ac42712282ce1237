"""Matching of search words and diary numbers, shared by the case list, the search page and the public
diary: substrings on SQLite; on PostgreSQL the Swedish full-text configuration (words and word
beginnings) everywhere, plus substrings in the short texts of cases (see ``text_match_q``)."""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, Value

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


# pg_trgm extracts no trigram from a LIKE pattern shorter than this, so no index can serve it.
MIN_INDEXED_SUBSTRING = 3


def text_match_q(query: str, field: str = "search_text", *, substrings: bool = True) -> Q:
    """Every word of ``query`` in ``field`` (a lower-cased search text with, on PostgreSQL, a stored
    Swedish tsvector beside it; migration 0003).

    SQLite: every word as a substring. PostgreSQL: every word as a word or the beginning of one,
    after Swedish stemming ("upphandlingen" finds "upphandlingar", "gemensam" finds "gemensamma",
    "upphandl" finds both; stop words such as "och" are ignored), served by the GIN index on the
    stored vector. With ``substrings`` (the short texts of cases: number, title, description) a word
    may also be found inside another word ("drift" finds "serverdrift"), served by the trigram GIN
    index, except in a query of only one- or two-character words (e.g. "IT"), which match whole
    words beginning with them: a substring that short is in almost every text and no index can
    find it. Documents and memos are searched without substrings: on long texts a substring test
    must re-read the text of every candidate row, which for a common word is a large part of the
    table, for the page and again for its count."""
    terms = _terms(query)
    if not terms:
        return Q()
    if connection.vendor != "postgresql":
        return _every(Q(**{f"{field}__contains": term.lower()}) for term in terms)
    if not substrings or all(len(term) < MIN_INDEXED_SUBSTRING for term in terms):
        return Q(_words(_StoredVector(F(field)), terms))
    return _every(
        Q(_words(_StoredVector(F(field)), [term])) | Q(**{f"{field}__contains": term.lower()}) for term in terms
    )


def vector_match_q(query: str, field: str) -> Q:
    """PostgreSQL: every word of ``query`` as a word or word beginning in the tsvector ``field``."""
    terms = _terms(query)
    return Q(_words(F(field), terms)) if terms else Q()


def _every(conditions) -> Q:
    match = Q()
    for condition in conditions:
        match &= condition
    return match


class _WordsMatch(Func):
    """``vector @@ query`` for a raw tsquery text in the Swedish configuration, with the phrase
    operators that hyphenated words produce ("e-arkivet" → 'e-arkiv' <-> 'e' <-> 'arkiv') made
    plain ANDs, so that vectors without positions (``CaseSearchVector``) match them too. Immutable
    on a constant, so PostgreSQL computes the query once and serves it from the GIN index."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        vector_sql, vector_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        tsquery = f"to_tsquery('swedish'::regconfig, {query_sql})::text"
        sql = f"{vector_sql} @@ regexp_replace({tsquery}, ' <[0-9-]+> ', ' & ', 'g')::tsquery"
        return sql, (*vector_params, *query_params)


def _words(vector, terms: list[str]) -> _WordsMatch:
    """Every term as a word or word beginning: 'term1':* & 'term2':* (each quoted, so any character is
    safe), stemmed by the configuration; stop words drop out."""
    quoted = ("'" + term.lower().replace("\\", "\\\\").replace("'", "''") + "':*" for term in terms)
    return _WordsMatch(vector, Value(" & ".join(quoted)))


def number_q(query: str) -> Q | None:
    """A Q for a diary number in any common spelling (GNS/03/2019, gns/3/2019, 3/2019), or None."""
    number = numbers.try_parse(query)
    if number is not None:
        return Q(diary__prefix=number.prefix, sequence=number.sequence, year=number.year)
    match = _SHORT_NUMBER_RE.match(query)
    if match:
        return Q(sequence=int(match[1]), year=int(match[2]))
    return None
