"""Writes for parties, population figures and party representatives."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from simple_history.utils import bulk_create_with_history

from common.models import Role, User
from common.services import role_grant, role_revoke
from common.text import UndecodableText, control_character, decode_text

from .models import MAX_POPULATION, Party, PartyRepresentative, PopulationFigure


@transaction.atomic
def party_create(
    *,
    name: str,
    kind: str,
    active_from: dt.date,
    code: str = "",
    org_number: str = "",
    invoice_address: str = "",
    invoice_reference: str = "",
    invoice_email: str = "",
    active_to: dt.date | None = None,
) -> Party:
    party = Party(
        name=name,
        kind=kind,
        code=code,
        org_number=org_number,
        invoice_address=invoice_address,
        invoice_reference=invoice_reference,
        invoice_email=invoice_email,
        active_from=active_from,
        active_to=active_to,
    )
    _validate_code(party)
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def party_update(*, party: Party, **fields) -> Party:
    allowed = {
        "name",
        "kind",
        "code",
        "org_number",
        "invoice_address",
        "invoice_reference",
        "invoice_email",
        "active_from",
        "active_to",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Okända fält: {sorted(unknown)}")
    for key, value in fields.items():
        setattr(party, key, value)
    _validate_code(party)
    party.full_clean()
    party.save()
    return party


def _validate_code(party: Party) -> None:
    if not party.code:
        return
    if party.kind == Party.Kind.MUNICIPALITY and not re.fullmatch(r"\d{4}", party.code):
        raise ValidationError({"code": "En kommunkod har fyra siffror, t.ex. 2305."})
    if party.kind == Party.Kind.REGION and not re.fullmatch(r"\d{2}", party.code):
        raise ValidationError({"code": "En länskod har två siffror, t.ex. 23."})


@transaction.atomic
def population_figure_record(
    *, party: Party, reference_date: dt.date, population: int, source: str
) -> PopulationFigure:
    if PopulationFigure.objects.filter(party=party, reference_date=reference_date).exists():
        raise ValidationError({"reference_date": f"{party} har redan en folkmängd för {reference_date:%Y-%m-%d}."})
    figure = PopulationFigure(party=party, reference_date=reference_date, population=population, source=source)
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def party_representative_appoint(*, user: User, party: Party) -> PartyRepresentative:
    """Make ``user`` the representative of ``party`` (grants the role as well)."""
    rep, created = PartyRepresentative.objects.get_or_create(user=user, defaults={"party": party})
    if not created and rep.party_id != party.pk:
        raise ValidationError({"party": f"{user} representerar redan {rep.party}."})
    role_grant(user=user, role=Role.PARTY_REPRESENTATIVE)
    return rep


@transaction.atomic
def party_representative_remove(*, representative: PartyRepresentative) -> None:
    """End ``representative``'s appointment and revoke the role. The appointment is access
    configuration, not a registered record, so it is removed (its history is kept)."""
    user = representative.user
    representative.delete()
    role_revoke(user=user, role=Role.PARTY_REPRESENTATIVE)


# --- Import of SCB-style CSV ---------------------------------------------------------------------


@dataclass
class ImportRowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Rad {self.line}: {self.message}"


@dataclass
class PopulationImportResult:
    created: list[PopulationFigure] = field(default_factory=list)
    unchanged: int = 0
    errors: list[ImportRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


_PERIOD_YEAR = re.compile(r"^(\d{4})$")
_PERIOD_MONTH = re.compile(r"^(\d{4})M(\d{2})$", re.I)
_PERIOD_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_scb_period(value: str) -> dt.date:
    """SCB periods to the reference date: ``2020`` → 2020-12-31 (year-end figure),
    ``2019M10`` → 2019-10-31 (end of month), ``2019-11-01`` as is."""
    value = value.strip()
    if m := _PERIOD_YEAR.match(value):
        return dt.date(int(m[1]), 12, 31)
    if m := _PERIOD_MONTH.match(value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"ogiltig månad i perioden {value!r}")
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if _PERIOD_DATE.match(value):
        return dt.date.fromisoformat(value)
    raise ValueError(f"okänd period {value!r} (väntade t.ex. 2020, 2019M10 eller 2019-11-01)")


_DELIMITERS = (";", "\t", ",")  # in order of preference when a file fits several equally well


def _guess_delimiter(text: str) -> str:
    """The delimiter under which most non-empty lines have 3 or 4 columns (csv.Sniffer gives up on
    short files and on files with a bad row, exactly the files we must report on)."""
    sample = [line for line in text.splitlines()[:200] if line.strip()]

    def score(delimiter: str) -> int:
        return sum(1 for row in csv.reader(sample, delimiter=delimiter) if len(row) in (3, 4))

    return max(_DELIMITERS, key=lambda d: (score(d), -_DELIMITERS.index(d)))


def _split_code_and_name(code: str, name: str) -> tuple[str, str]:
    # SCB often writes the region as one field: "2305 Bräcke".
    if not name and (m := re.match(r"^(\d{2,4})\s+(.+)$", code)):
        return m[1], m[2]
    return code, name


@transaction.atomic
def population_import_csv(*, data: bytes, source: str) -> PopulationImportResult:
    """Import population figures from an SCB-style CSV (region code, name, period, population).

    All or nothing: every bad row is reported with its line number, and if any row is bad nothing
    is imported. A row identical to a figure already stored is counted as unchanged.
    """
    result = PopulationImportResult()
    try:
        text = decode_text(data)
    except UndecodableText as exc:
        result.errors.append(ImportRowError(exc.line, str(exc).split(": ", 1)[1]))
        return result
    reader = csv.reader(io.StringIO(text), delimiter=_guess_delimiter(text))
    rows = []
    try:
        rows.extend(reader)
    except csv.Error as exc:
        result.errors.append(ImportRowError(reader.line_num, f"raden kan inte läsas som CSV ({exc})"))
        return result
    parties_by_code = {p.code: p for p in Party.objects.exclude(code="")}
    existing = {
        (f.party_id, f.reference_date): f.population
        for f in PopulationFigure.objects.filter(party__in=parties_by_code.values())
    }
    seen: dict[tuple[int, dt.date], int] = {}
    to_create: list[PopulationFigure] = []

    for line, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue
        if found := next((c for c in map(control_character, row) if c), None):
            result.errors.append(ImportRowError(line, f"otillåtet osynligt tecken ({found})"))
            continue
        if line == 1 and not re.match(r"^\s*\d", row[0] if row else ""):
            continue  # header row
        if len(row) < 4:
            if len(row) == 3:
                code, name = _split_code_and_name(row[0].strip(), "")
                row = [code, name, row[1], row[2]]
            else:
                result.errors.append(
                    ImportRowError(line, f"väntade fyra kolumner (kod, namn, period, folkmängd), fick {len(row)}")
                )
                continue
        code, name = _split_code_and_name(row[0].strip(), row[1].strip())
        party = parties_by_code.get(code)
        if party is None:
            result.errors.append(ImportRowError(line, f"ingen part har koden {code!r} ({name or 'utan namn'})"))
            continue
        try:
            reference_date = parse_scb_period(row[2])
        except ValueError as exc:
            result.errors.append(ImportRowError(line, str(exc)))
            continue
        raw = re.sub(r"[\s\u00a0]", "", row[3])
        if not raw.isascii() or not raw.isdigit() or int(raw) <= 0:
            result.errors.append(ImportRowError(line, f"folkmängden {row[3][:40]!r} är inte ett positivt heltal"))
            continue
        population = int(raw)
        if population > MAX_POPULATION:
            result.errors.append(
                ImportRowError(
                    line,
                    f"folkmängden {population} är orimligt stor (högst {MAX_POPULATION:,} tillåts)".replace(",", " "),
                )
            )
            continue
        key = (party.pk, reference_date)
        if key in seen:
            result.errors.append(
                ImportRowError(line, f"{party} {reference_date:%Y-%m-%d} förekommer redan på rad {seen[key]}")
            )
            continue
        seen[key] = line
        if key in existing:
            if existing[key] == population:
                result.unchanged += 1
            else:
                result.errors.append(
                    ImportRowError(
                        line,
                        f"{party} har redan folkmängden {existing[key]} för {reference_date:%Y-%m-%d}; "
                        f"filen säger {population}",
                    )
                )
            continue
        to_create.append(
            PopulationFigure(party=party, reference_date=reference_date, population=population, source=source)
        )

    if not result.errors and not to_create and not result.unchanged:
        result.errors.append(ImportRowError(1, "filen innehåller inga rader med folkmängd"))
    if result.errors:
        return result
    for figure in to_create:
        try:
            figure.full_clean()
        except ValidationError as exc:
            result.errors.append(
                ImportRowError(seen[(figure.party_id, figure.reference_date)], "; ".join(exc.messages))
            )
    if result.errors:
        return result
    try:
        with transaction.atomic():
            result.created = bulk_create_with_history(to_create, PopulationFigure)
    except IntegrityError:
        result.errors.append(ImportRowError(1, "samma siffror lästes in samtidigt av någon annan; försök igen"))
    return result
