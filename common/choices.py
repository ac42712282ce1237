"""A faster ``get_<field>_display()`` for every model (installed by ``CommonConfig.ready``).

Django's version turns the field's choices into a dict on every call and hashes each label on the
way; a label is lazily translated, so hashing it translates it. That costs about 150 µs per call with
four choices (measured here), 30 ms for a list page of 100 rows showing two such columns. This one
builds the value → label dict once per field and language (translating is itself about 30 µs a label),
so the result is the same: the active language decides, a value outside the choices is returned as it is.
Models that define their own ``get_<field>_display`` or ``_get_FIELD_display`` are left alone.
"""

from __future__ import annotations

import inspect
from functools import partialmethod

from django.db.models import Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_LABELS = "_portal_choice_labels"


def _labels(field) -> dict:
    """{value: label} of ``field`` in the active language (built once per field and language)."""
    per_language = field.__dict__.get(_LABELS)
    if per_language is None:
        per_language = {}
        setattr(field, _LABELS, per_language)
    language = get_language()
    labels = per_language.get(language)
    if labels is None:
        labels = per_language[language] = {
            make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices
        }
    return labels


def _get_field_display(self, field):
    value = getattr(self, field.attname)
    return _labels(field).get(make_hashable(value), force_str(value, strings_only=True))


def install(models) -> int:
    """Replace Django's ``get_<field>_display`` on ``models``; returns how many were replaced."""
    replaced = 0
    for model in models:
        for field in model._meta.fields:
            name = f"get_{field.name}_display"
            current = inspect.getattr_static(model, name, None)
            if isinstance(current, partialmethod) and current.func is Model._get_FIELD_display:
                setattr(model, name, partialmethod(_get_field_display, field=current.keywords["field"]))
                replaced += 1
    return replaced
