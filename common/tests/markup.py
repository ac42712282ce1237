"""Helpers for the tests that compare a row tag (a table built in Python) with the template loop it
replaced: the loop is kept in the app's ``tests/reference`` folder and both are rendered from the same
context; the markup must be the same apart from whitespace next to tags."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import engines


def normalised(html: str) -> str:
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


def render(source: str, context: dict) -> str:
    return engines["django"].from_string(source).render(context)


def reference(test_file: str, name: str) -> str:
    """The template code kept in ``tests/reference/<name>`` next to ``test_file``."""
    return (Path(test_file).parent / "reference" / name).read_text(encoding="utf-8")
