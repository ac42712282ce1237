"""Import of an existing diary from CSV, keeping its numbers: all rows checked first, all-or-nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.access import OFFICER_ROLES
from common.models import User
from common.selectors import users_with_role
from common.text import UndecodableText, control_character, decode_text

from .. import numbers
from ..models import Case, Diary
from ..selectors.access import officer_may_handle
from ._common import _counter_locked, _search_text_case, _with_history_user


class _Semicolon(csv.excel):
    delimiter = ";"


class DiaryImportError(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        super().__init__(f"{len(errors)} fel i importfilen")
        self.errors = errors


@dataclass
class DiaryImportResult:
    created: int = 0
    years: dict[int, int] = field(default_factory=dict)  # year → highest sequence after import


_HEADERS = {
    "number": {"diarienummer", "nummer", "number", "dnr"},
    "date": {"datum", "registrerat", "date", "registreringsdatum"},
    "title": {"ärendemening", "rubrik", "titel", "title"},
    "status": {"status"},
    "officer": {"handläggare", "officer"},
}


def _status_from(text: str) -> str | None:
    text = text.strip().lower()
    if not text:
        return Case.Status.REGISTERED
    for value, label in Case.Status.choices:
        if text in {value, str(label).lower()}:
            return value
    return None


def _officer_from(text: str, users: list[User]) -> User | None | bool:
    text = text.strip().lower()
    if not text:
        return None
    for user in users:
        if text in {user.username.lower(), user.email.lower(), user.get_full_name().lower()}:
            return user
    return False


@transaction.atomic
def diary_import_csv(*, diary: Diary, data: bytes | str, by: User | None = None) -> DiaryImportResult:
    """Import an existing diary from CSV (number, date, title, status, officer), keeping the numbers.

    All rows are checked first; if any row is wrong, ``DiaryImportError`` lists every error with its
    line number and nothing is written. New registrations continue after the highest imported number
    of each year.
    """
    if isinstance(data, bytes):
        try:
            text = decode_text(data)
        except UndecodableText as exc:
            raise DiaryImportError([(exc.line, str(exc).split(": ", 1)[1])]) from exc
    else:
        text = data
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except (csv.Error, TypeError, ValueError):
        dialect = _Semicolon  # a local dialect: never change csv.excel, which the whole process shares
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        raise DiaryImportError([(reader.line_num, f"Raden kan inte läsas som CSV ({exc}).")]) from exc
    if not rows:
        raise DiaryImportError([(1, "Filen är tom.")])
    header = [h.strip().lower() for h in rows[0]]
    columns: dict[str, int] = {}
    for key, names in _HEADERS.items():
        for index, name in enumerate(header):
            if name in names:
                columns[key] = index
    missing = [k for k in ("number", "date", "title") if k not in columns]
    if missing:
        raise DiaryImportError(
            [(1, "Rubrikraden måste ha kolumnerna diarienummer, datum, ärendemening (och gärna status, handläggare).")]
        )

    officers = [u for u in users_with_role(*OFFICER_ROLES) if officer_may_handle(officer=u, diary=diary)]
    existing = set(Case.objects.filter(diary=diary).values_list("year", "sequence"))
    seen: dict[tuple[int, int], int] = {}
    errors: list[tuple[int, str]] = []
    planned: list[Case] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if found := next((c for c in map(control_character, row) if c), None):
            errors.append((line, f"Raden innehåller ett otillåtet osynligt tecken ({found})."))
            continue

        def cell(key, row=row):
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        try:
            number = numbers.parse(cell("number"))
        except ValidationError as exc:
            errors.append((line, exc.messages[0]))
            continue
        if number.prefix != diary.prefix:
            errors.append((line, f"{number} hör inte till diariet {diary.prefix}."))
            continue
        key = (number.year, number.sequence)
        if key in existing:
            errors.append((line, f"{number} finns redan i diariet."))
            continue
        if key in seen:
            errors.append((line, f"{number} förekommer också på rad {seen[key]}."))
            continue
        seen[key] = line
        try:
            date = dt.date.fromisoformat(cell("date"))
        except ValueError:
            errors.append((line, f"Datumet ”{cell('date')}” är ogiltigt; skriv ÅÅÅÅ-MM-DD."))
            continue
        if date.year != number.year:
            errors.append((line, f"Datumet {date} ligger inte i diarienumrets år {number.year}."))
            continue
        title = cell("title")
        if not title:
            errors.append((line, "Ärendemening saknas."))
            continue
        status = _status_from(cell("status"))
        if status is None:
            errors.append((line, f"Okänd status ”{cell('status')}”."))
            continue
        officer = _officer_from(cell("officer"), officers)
        if officer is False:
            errors.append((line, f"Okänd handläggare ”{cell('officer')}”."))
            continue
        case = Case(
            diary=diary,
            year=number.year,
            sequence=number.sequence,
            title=title,
            registered_on=date,
            officer=officer,
            status=status,
            registered_by=by,
            imported=True,
        )
        if status == Case.Status.CLOSED:
            case.closure = Case.Closure.COMPLETED
            case.closed_on = date
            case.closing_reason = "Avslutat enligt importerat diarium."
        case.search_text = _search_text_case(case)
        try:
            case.full_clean(exclude=["diary"])
        except ValidationError as exc:
            errors.append((line, "; ".join(exc.messages)))
            continue
        planned.append(case)
    if errors:
        raise DiaryImportError(errors)
    if not planned:
        raise DiaryImportError([(2, "Filen innehåller inga ärenden.")])

    result = DiaryImportResult()
    # Lock the counters of every year first, so no registration runs in between; then re-check.
    counters = {year: _counter_locked(diary=diary, year=year) for year in sorted({c.year for c in planned})}
    taken = set(Case.objects.filter(diary=diary, year__in=list(counters)).values_list("year", "sequence")) & set(seen)
    if taken:
        raise DiaryImportError(
            [
                (seen[k], f"{numbers.format_number(diary.prefix, k[1], k[0])} finns redan i diariet.")
                for k in sorted(taken)
            ]
        )
    try:
        with transaction.atomic():
            for case in planned:
                _with_history_user(case, by).save()
    except IntegrityError as exc:
        raise DiaryImportError([(0, "Ett av numren registrerades samtidigt av någon annan. Försök igen.")]) from exc
    for year, counter in counters.items():
        highest = max(c.sequence for c in planned if c.year == year)
        if highest > counter.last_sequence:
            counter.last_sequence = highest
            counter.save(update_fields=["last_sequence"])
        result.years[year] = counter.last_sequence
    result.created = len(planned)
    return result
