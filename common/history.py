"""Change history a registrar can read, built from django-simple-history's records.

``readable_changes`` turns a series of historical records of one object into ``HistoryChange`` rows:
field labels instead of field names, names instead of ids (foreign keys are looked up in one query
per related model), choice labels instead of stored values, "Ja"/"Nej", dates as YYYY-MM-DD. A
record whose only differences are bookkeeping (timestamps, search text) is left out: it is not a
change anyone made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from django.db import models
from django.utils import timezone

BOOKKEEPING = {"created_at", "updated_at", "search_text", "extracted_text", "registration_token"}
HIDDEN = "(dold)"


@dataclass
class HistoryChange:
    when: dt.datetime
    who: object  # a User or None (the system)
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (label, old, new)


def _label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - a field that no longer exists keeps its name
        return name


def display_value(model, name: str, value, names: dict | None = None) -> str:
    """A stored value as a person reads it."""
    if value in (None, ""):
        return "–"
    try:
        model_field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001
        return str(value)
    if isinstance(model_field, models.ForeignKey):
        return (names or {}).get((model_field.related_model, value), f"#{value} (borttagen)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _foreign_names(model, pairs: Iterable[tuple[str, object]]) -> dict:
    """{(related model, id): str(object)} for the foreign-key values in ``pairs`` (one query per model)."""
    wanted: dict = {}
    for name, value in pairs:
        if value in (None, ""):
            continue
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001
            continue
        if isinstance(model_field, models.ForeignKey):
            wanted.setdefault(model_field.related_model, set()).add(value)
    names = {}
    for related, ids in wanted.items():
        for obj in related._default_manager.filter(pk__in=ids):
            names[(related, obj.pk)] = str(obj)
    return names


def readable_changes(
    records,
    *,
    model,
    what: str,
    created: str = "skapad",
    hidden_fields: Iterable[str] = (),
    ignored_fields: Iterable[str] = (),
) -> list[HistoryChange]:
    """The changes of one object, newest first (``records`` newest first, e.g. ``obj.history.all()``).
    Values of ``hidden_fields`` are shown as "(dold)" (a secret document to someone not entitled)."""
    records = list(records)
    hidden, ignored = set(hidden_fields), BOOKKEEPING | set(ignored_fields)
    diffs = []
    for newer, older in pairwise([*records, None]):
        if older is None:
            diffs.append((newer, None))
            continue
        changes = [c for c in newer.diff_against(older).changes if c.field not in ignored]
        diffs.append((newer, changes))
    names = _foreign_names(
        model,
        ((c.field, v) for _, changes in diffs if changes for c in changes for v in (c.old, c.new)),
    )
    result = []
    for record, changes in diffs:
        if changes is None:
            result.append(HistoryChange(record.history_date, record.history_user, f"{what} {created}"))
            continue
        if not changes:
            continue  # only bookkeeping changed
        rows = []
        for change in changes:
            label = _label(model, change.field)
            if change.field in hidden:
                rows.append((label, HIDDEN, HIDDEN))
            else:
                rows.append(
                    (
                        label,
                        display_value(model, change.field, change.old, names),
                        display_value(model, change.field, change.new, names),
                    )
                )
        result.append(HistoryChange(record.history_date, record.history_user, f"{what} ändrad", rows))
    return result
