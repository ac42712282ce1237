"""Safe cells for CSV and Excel exports (OWASP "CSV injection").

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|...``). Every export therefore
passes its cells through ``safe_cell`` (or whole rows through ``safe_row``): such text gets a leading
apostrophe, which spreadsheet programs show as text and do not evaluate. Numbers (int, Decimal, float),
dates and booleans are returned unchanged, so amounts, negative ones included, stay numeric cells.

    writer.writerow(safe_row(row))                 # csv
    sheet.append(safe_row(row))                    # openpyxl
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` unchanged unless it is text a spreadsheet would evaluate; that text gets a leading ``'``."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime | dt.time):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def safe_row(row: Iterable) -> list:
    return [safe_cell(value) for value in row]
