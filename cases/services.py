"""Every write of the diary: registration, cases, documents, secrecy, memos, import.

Numbers are allocated only by ``case_register`` (and kept as given by ``diary_import_csv``), from a
``DiaryCounter`` row locked with SELECT ... FOR UPDATE; the unique constraint on (diary, year,
sequence) is the last line of defence. A failed registration rolls back the counter too: no gaps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from common.access import CASE_OFFICER, SECRETARIAT
from common.models import User, UserRole
from parties.models import Party

from . import numbers
from .files import CheckedFile, check_upload, storage_name
from .models import Case, Diary, DiaryCounter, Document, DocumentAccessGrant, DocumentFile, Memo

OFFICER_ROLES = (CASE_OFFICER, SECRETARIAT)

# The forward path of a case; a step back (e.g. ready → in preparation) is also allowed while open.
STATUS_ORDER = [
    Case.Status.REGISTERED,
    Case.Status.IN_PREPARATION,
    Case.Status.READY_FOR_DECISION,
    Case.Status.DECIDED,
]


def _with_history_user(instance, by):
    if by is not None:
        instance._history_user = by
    return instance


def _officer_check(officer: User | None, *, field: str = "officer") -> None:
    if officer is None:
        return
    if not officer.is_active or not UserRole.objects.filter(user=officer, role__in=OFFICER_ROLES).exists():
        raise ValidationError({field: f"{officer} är inte handläggare och kan inte tilldelas ärenden."})


# --- diaries and numbers ------------------------------------------------------------------------


@transaction.atomic
def diary_get_or_create(*, prefix: str, name: str) -> Diary:
    prefix = prefix.strip().upper()
    diary = Diary.objects.filter(prefix=prefix).first()
    if diary is None:
        diary = Diary(prefix=prefix, name=name)
        diary.full_clean()
        diary.save()
    return diary


def _counter_locked(*, diary: Diary, year: int) -> DiaryCounter:
    """The (diary, year) counter row, created if missing and locked until the transaction ends."""
    DiaryCounter.objects.bulk_create([DiaryCounter(diary=diary, year=year, last_sequence=0)], ignore_conflicts=True)
    return DiaryCounter.objects.select_for_update().get(diary=diary, year=year)


def _search_text_case(case: Case) -> str:
    # Lower-cased: SQLite's LIKE folds only ASCII, so both sides are lower-cased in Python (Å, Ä, Ö).
    return "\n".join([case.number, case.title, case.description]).lower()


@transaction.atomic
def case_register(
    *,
    diary: Diary,
    title: str,
    registered_on: dt.date | None = None,
    officer: User | None = None,
    description: str = "",
    initiating_party: Party | None = None,
    by: User | None = None,
    token: uuid.UUID | str | None = None,
) -> Case:
    """Register a case and give it the next number of its diary and year.

    ``token`` (from the registration form) makes a double submission harmless: a second call with
    the same token returns the case of the first (with ``case.already_registered = True``).
    """
    registered_on = registered_on or timezone.localdate()
    if registered_on > timezone.localdate():
        raise ValidationError({"registered_on": "Registreringsdatumet kan inte ligga i framtiden."})
    if token is not None and not isinstance(token, uuid.UUID):
        try:
            token = uuid.UUID(str(token))
        except ValueError as exc:
            raise ValidationError("Formuläret är ogiltigt. Ladda om sidan och försök igen.") from exc
    _officer_check(officer)
    case = Case(
        diary=diary,
        year=registered_on.year,
        sequence=1,  # placeholder: the real number is taken under the lock below
        title=title.strip(),
        description=description.strip(),
        registered_on=registered_on,
        officer=officer,
        initiating_party=initiating_party,
        registered_by=by,
        registration_token=token,
    )
    # Validate everything before taking the lock, so the lock is held only for the number and the insert.
    case.full_clean(exclude=["sequence", "registration_token"])
    counter = _counter_locked(diary=diary, year=registered_on.year)
    if token is not None:
        # Checked after taking the lock: a concurrent twin has committed by now and is found here.
        existing = Case.objects.select_related("diary").filter(registration_token=token).first()
        if existing is not None:
            existing.already_registered = True
            return existing
    counter.last_sequence += 1
    counter.save(update_fields=["last_sequence"])
    case.sequence = counter.last_sequence
    case.search_text = _search_text_case(case)
    _with_history_user(case, by).save()
    case.already_registered = False
    return case


@transaction.atomic
def case_update(
    *,
    case: Case,
    by: User | None = None,
    title: str | None = None,
    description: str | None = None,
    officer: User | None = None,
    initiating_party: Party | None = None,
    clear_officer: bool = False,
    clear_party: bool = False,
) -> Case:
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if title is not None:
        case.title = title.strip()
    if description is not None:
        case.description = description.strip()
    if officer is not None or clear_officer:
        _officer_check(officer)
        case.officer = officer
    if initiating_party is not None or clear_party:
        case.initiating_party = initiating_party
    case.search_text = _search_text_case(case)
    case.full_clean()
    _with_history_user(case, by).save()
    return case


@transaction.atomic
def case_status_change(*, case: Case, status: str, by: User | None = None) -> Case:
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if case.is_closed:
        raise ValidationError({"status": "Ärendet är avslutat och kan inte byta status."})
    if status == Case.Status.CLOSED:
        raise ValidationError({"status": "Använd ”Avsluta ärende” för att avsluta med ett skäl."})
    if status not in STATUS_ORDER:
        raise ValidationError({"status": "Okänd status."})
    if status == case.status:
        return case
    case.status = status
    case.full_clean()
    _with_history_user(case, by).save()
    return case


@transaction.atomic
def case_close(
    *, case: Case, reason: str, mistake: bool = False, by: User | None = None, closed_on: dt.date | None = None
) -> Case:
    """Close a case with a reason. ``mistake=True`` closes it as registered by mistake (felregistrerat):
    the number stays used and is never given again."""
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if case.is_closed:
        raise ValidationError("Ärendet är redan avslutat.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange skälet till att ärendet avslutas."})
    case.status = Case.Status.CLOSED
    case.closure = Case.Closure.MISTAKE if mistake else Case.Closure.COMPLETED
    case.closed_on = closed_on or timezone.localdate()
    case.closing_reason = reason.strip()
    case.full_clean()
    _with_history_user(case, by).save()
    return case


# --- documents ----------------------------------------------------------------------------------


def _search_text_document(document: Document) -> str:
    return "\n".join([document.description, document.counterpart, document.extracted_text]).lower()


def _store_file(*, document: Document, checked: CheckedFile, by: User | None, comment: str = "") -> DocumentFile:
    """Store a checked file as the document's next version under a random name.

    The file is validated before any row is written; if the transaction is rolled back after the
    file was stored, the file is left unreferenced on disk (never served, as only rows are served).
    """
    last = document.files.aggregate(m=Max("version"))["m"] or 0
    stored = default_storage.save(storage_name(checked.extension), ContentFile(checked.content))
    version = DocumentFile(
        document=document,
        version=last + 1,
        file=stored,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
        comment=comment,
    )
    version.full_clean()
    version.save()
    transaction.on_commit(lambda: _enqueue_extraction(version.pk))
    return version


def _checked(upload) -> CheckedFile:
    try:
        return check_upload(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def _enqueue_extraction(file_id: int) -> None:
    from .tasks import document_text_extract_task

    document_text_extract_task.delay(file_id)


@transaction.atomic
def document_register(
    *,
    case: Case,
    direction: str,
    date: dt.date,
    description: str,
    counterpart: str = "",
    kind: str = Document.Kind.OTHER,
    upload=None,
    by: User | None = None,
    is_secret: bool = False,
    secrecy_provision: str = "",
    secrecy_authority: str = "",
    secrecy_marked_on: dt.date | None = None,
) -> Document:
    """Register a document on a case (OSL 5 kap. 2 §), optionally with its file and a secrecy marking."""
    checked = _checked(upload) if upload is not None else None
    case = Case.objects.select_for_update().select_related("diary").get(pk=case.pk)
    if case.closure == Case.Closure.MISTAKE:
        raise ValidationError("Ärendet är felregistrerat; registrera handlingen på rätt ärende.")
    if date > timezone.localdate():
        raise ValidationError({"date": "Datumet kan inte ligga i framtiden."})
    last = case.documents.aggregate(m=Max("number"))["m"] or 0
    document = Document(
        case=case,
        number=last + 1,
        direction=direction,
        kind=kind,
        date=date,
        counterpart=counterpart.strip(),
        description=description.strip(),
        registered_by=by,
        is_secret=is_secret,
        secrecy_provision=secrecy_provision.strip() if is_secret else "",
        secrecy_authority=secrecy_authority.strip() if is_secret else "",
        secrecy_marked_on=(secrecy_marked_on or timezone.localdate()) if is_secret else None,
    )
    if is_secret and not document.secrecy_provision:
        raise ValidationError({"secrecy_provision": "Ange sekretessbestämmelsen, t.ex. OSL 18 kap. 8 §."})
    if is_secret and not document.secrecy_authority:
        raise ValidationError({"secrecy_authority": "Ange myndigheten som gör sekretessmarkeringen."})
    document.search_text = _search_text_document(document)
    document.full_clean()
    _with_history_user(document, by).save()
    if checked is not None:
        _store_file(document=document, checked=checked, by=by)
    return document


@transaction.atomic
def document_update(
    *,
    document: Document,
    by: User | None = None,
    description: str | None = None,
    counterpart: str | None = None,
    date: dt.date | None = None,
    kind: str | None = None,
    direction: str | None = None,
) -> Document:
    document = Document.objects.select_for_update().get(pk=document.pk)
    for name, value in (
        ("description", description),
        ("counterpart", counterpart),
        ("date", date),
        ("kind", kind),
        ("direction", direction),
    ):
        if value is not None:
            setattr(document, name, value.strip() if isinstance(value, str) else value)
    document.search_text = _search_text_document(document)
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_replace_file(*, document: Document, upload, by: User | None = None, comment: str = "") -> DocumentFile:
    """Add a new version of the document's file; earlier versions are kept."""
    checked = _checked(upload)
    document = Document.objects.select_for_update().get(pk=document.pk)
    version = _store_file(document=document, checked=checked, by=by, comment=comment)
    # A new version means a change of the registered document: record it in its history.
    _with_history_user(document, by).save()
    return version


@transaction.atomic
def document_mark_secret(
    *,
    document: Document,
    provision: str,
    authority: str,
    marked_on: dt.date | None = None,
    by: User | None = None,
) -> Document:
    """Mark a document secret (OSL 5 kap. 5 §): provision, date and authority are recorded."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if not provision.strip():
        raise ValidationError({"provision": "Ange sekretessbestämmelsen, t.ex. OSL 18 kap. 8 §."})
    if not authority.strip():
        raise ValidationError({"authority": "Ange myndigheten som gör sekretessmarkeringen."})
    document.is_secret = True
    document.secrecy_provision = provision.strip()
    document.secrecy_authority = authority.strip()
    document.secrecy_marked_on = marked_on or timezone.localdate()
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_unmark_secret(*, document: Document, by: User | None = None) -> Document:
    """Lift the secrecy marking after a new secrecy assessment (the history keeps the old marking)."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    document.is_secret = False
    document.secrecy_provision = ""
    document.secrecy_authority = ""
    document.secrecy_marked_on = None
    document.full_clean()
    _with_history_user(document, by).save()
    return document


@transaction.atomic
def document_grant_access(*, document: Document, user: User, by: User | None = None, reason: str = "") -> None:
    grant = DocumentAccessGrant.objects.filter(document=document, user=user).first()
    if grant is None:
        grant = DocumentAccessGrant(document=document, user=user, granted_by=by, reason=reason)
        grant.full_clean()
        grant.save()


@transaction.atomic
def document_text_extract(*, file_id: int) -> Document | None:
    """Extract the text of a stored file (the newest version) into the document's search text.
    Idempotent: running it again gives the same result. Returns None when the file is gone."""
    from .files import extract_text

    version = DocumentFile.objects.select_related("document").filter(pk=file_id).first()
    if version is None:
        return None
    document = Document.objects.select_for_update().get(pk=version.document_id)
    newest = document.files.order_by("-version").first()
    if newest is None or newest.pk != version.pk:
        return document  # a newer version has been uploaded; its own task indexes it
    with default_storage.open(version.file.name, "rb") as fh:
        content = fh.read()
    extension = version.file.name.rpartition(".")[2].lower()
    try:
        text = extract_text(content, extension)
    except Exception as exc:  # noqa: BLE001 - an unreadable file must not stop the registration
        text = ""
        version.comment = (version.comment + f" [Texten kunde inte läsas: {type(exc).__name__}]").strip()[:300]
        version.save(update_fields=["comment"])
    document.extracted_text = text[:1_000_000]
    document.search_text = _search_text_document(document)
    document.save(update_fields=["extracted_text", "search_text", "updated_at"])
    return document


# --- memo ---------------------------------------------------------------------------------------


def _search_text_memo(memo: Memo) -> str:
    return "\n".join([memo.heading, memo.background, memo.significance, memo.result, memo.proposal]).lower()


@transaction.atomic
def memo_save(
    *,
    case: Case,
    by: User | None,
    heading: str,
    body_name: str,
    memo_date: dt.date,
    author: User,
    proposal: str,
    unit: str = "Sekretariatet",
    background: str = "",
    significance: str = "",
    result: str = "",
    proposal_heading: str = "Förslag till beslut",
    decision_documents=(),
    extract_recipients: str = "",
    signatories: str = "",
) -> Memo:
    """Create or update the case's memo (tjänsteskrivelse)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    memo = Memo.objects.filter(case=case).first() or Memo(case=case)
    memo.heading = heading.strip()
    memo.body_name = body_name.strip()
    memo.memo_date = memo_date
    memo.unit = unit.strip()
    memo.author = author
    memo.background = background.strip()
    memo.significance = significance.strip()
    memo.result = result.strip()
    memo.proposal_heading = proposal_heading.strip() or "Förslag till beslut"
    memo.proposal = proposal.strip()
    memo.extract_recipients = extract_recipients.strip()
    memo.signatories = signatories.strip()
    memo.search_text = _search_text_memo(memo)
    documents = list(decision_documents)
    foreign = [d for d in documents if d.case_id != case.pk]
    if foreign:
        raise ValidationError({"decision_documents": "Beslutsunderlaget får bara innehålla ärendets egna handlingar."})
    memo.full_clean()
    _with_history_user(memo, by).save()
    memo.decision_documents.set(documents)
    return memo


# --- import -------------------------------------------------------------------------------------


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
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    else:
        text = data
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";"
    rows = list(csv.reader(io.StringIO(text), dialect))
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

    officers = list(User.objects.filter(role_assignments__role__in=OFFICER_ROLES, is_active=True).distinct())
    existing = set(Case.objects.filter(diary=diary).values_list("year", "sequence"))
    seen: dict[tuple[int, int], int] = {}
    errors: list[tuple[int, str]] = []
    planned: list[Case] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
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
