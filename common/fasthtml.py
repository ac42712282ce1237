"""Escaping for markup built in Python (template tags that render a large table's rows in one pass).

``esc`` gives exactly what ``{{ value }}`` gives for a string, a number or safe markup under autoescape,
without ``conditional_escape``'s lazy-string wrapper, which costs more than the escaping itself when a
table calls it thousands of times. None is empty (a template would print "None").
"""

from __future__ import annotations

from html import escape


def esc(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def iso_date(value) -> str:
    """The ``date:"Y-m-d"`` filter for a date (None is empty)."""
    return "" if value is None else value.isoformat()


def esc_lines(value) -> str:
    """The ``linebreaksbr`` filter: newlines normalised, the text escaped, each newline a ``<br>``."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return escape(text).replace("\n", "<br>")
