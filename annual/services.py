"""Every write of the annual report: the draft built from the year's data, section saves (each a version),
activity rows, the final PDF (ordered here, produced by the outbox worker), the decision and corrections."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from cases.models import Case, Document
from cases.numbers import DiaryNumberError, parse
from cases.services import document_register
from committee.models import Committee
from common.archive import archive_store
from common.outbox import outbox_job_enqueue
from common.pdf import ARCHIVAL_VARIANT, render_pdf
from projects.models import Project

from .figures import unknown_tokens, used_values
from .models import Activity, AnnualReport, Section, SectionVersion
from .narrative import clean_source
from .selectors import BALANCE, ECONOMY, EVENTS, SUMMARY, report_data, report_figures

PRODUCE_PDF = "annual.report_pdf_produce"  # the outbox job, handled in annual/tasks.py
LOCKED = "Årsredovisningen är slutlig och kan inte ändras. Rättelser görs i en ny upplaga."

# (key, number, title, starting text) – the structure of the committee's reports (seed 002).
STRUCTURE = [
    (SUMMARY, "1", "Sammanfattning", ""),
    ("ekonomiskt-utfall", "1.1", "Ekonomiskt utfall", "Utfallet för helår [[ar]] är [[resultat]]."),
    ("verksamhet", "1.2", "Verksamhet", ""),
    ("maluppfyllelse", "1.3", "Måluppfyllelse", ""),
    (EVENTS, "2", "Händelser av väsentlig betydelse", ""),
    ("mal", "3", "Mål", ""),
    (ECONOMY, "4", "Ekonomiskt resultat", "Utfallet för helår [[ar]] är [[resultat]]."),
    ("intakter", "4.1", "Verksamhetens intäkter", "Intäkterna består av:"),
    ("kostnader", "4.2", "Verksamhetens bruttokostnader", "Bruttokostnaderna består av:"),
    (
        "budgetavvikelse",
        "4.3",
        "Verksamhetens resultat jämfört med budget",
        "Utfallet [[resultat]] jämfört med budget [[resultat_budget]] beror på:",
    ),
    (
        BALANCE,
        "4.4",
        "Överskott, reserverade medel och balans",
        "Årets resultat [[resultat]] förs till nämndens egna kapital, som vid årets slut är [[balans_utgaende]].",
    ),
]


def _committee_case(committee: Committee, number: str) -> Case | None:
    number = (number or "").strip()
    if not number:
        return None
    try:
        parsed = parse(number)
    except DiaryNumberError as exc:
        raise ValidationError({"case_number": exc.messages}) from exc
    case = Case.objects.filter(
        diary__prefix=parsed.prefix, sequence=parsed.sequence, year=parsed.year, diary=committee.diary_id
    ).first()
    if case is None:
        raise ValidationError({"case_number": f"Ärendet {parsed} finns inte i {committee.short_name}s diarium."})
    return case


@transaction.atomic
def report_create(*, committee: Committee, year: int, case_number: str = "", by=None) -> AnnualReport:
    """The draft of ``year``: the structure of the committee's reports, one section per project of the
    year under "Händelser av väsentlig betydelse", starting texts with figure fields. One draft per year:
    a second call returns the existing one (the unique key decides between concurrent calls)."""
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": "Ange ett år mellan 2000 och 2100."})
    if year > timezone.localdate().year:
        raise ValidationError({"year": "Året har inte börjat än."})
    case = _committee_case(committee, case_number)
    Committee.objects.select_for_update().get(pk=committee.pk)  # serialises the drafts of one committee
    existing = AnnualReport.objects.filter(committee=committee, year=year).order_by("-edition").first()
    if existing is not None:
        existing.already_existed = True
        return existing
    report = AnnualReport(
        committee=committee, year=year, title=f"Årsredovisning {year}", case=case, status=AnnualReport.Status.DRAFT
    )
    report.full_clean()
    report.save()
    order = 0
    for key, number, title, _body in STRUCTURE:
        order += 10
        Section.objects.create(report=report, key=key, number=number, title=title, order=order)
        if key == EVENTS:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            projects = Project.objects.filter(committee=committee, starts_on__lte=end).filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=start)
            )
            for project in projects.exclude(status=Project.Status.PLANNED).order_by("starts_on", "name"):
                order += 1
                Section.objects.create(report=report, key=f"projekt-{project.pk}", title=project.name, order=order)
    figures = report_figures(report=report)
    for section in report.sections.all():
        starting = next((s[3] for s in STRUCTURE if s[0] == section.key), "")
        if starting:
            _save_version(section, starting, figures, by=by, note="Utkast ur årets data")
    report.already_existed = False
    return report


def _locked(report: AnnualReport) -> None:
    if not report.is_draft:
        raise ValidationError(LOCKED)


def _save_version(section: Section, body: str, figures, *, by, note: str = "") -> SectionVersion:
    section.version += 1
    section.body = body
    section.figures_used = used_values(body, figures)
    section.save(update_fields=["version", "body", "figures_used"])
    version = SectionVersion(
        section=section,
        number=section.version,
        body=body,
        figures_used=section.figures_used,
        note=note,
        created_by=by,
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def section_save(*, section: Section, body: str, base_version: int | None = None, by=None) -> SectionVersion:
    """Save ``body`` (Markdown) as the section's next version.

    ``base_version`` is the version the editor started from: when someone else has saved since, the save is
    refused with a message (the editor keeps the text) instead of overwriting their version. The section row
    is locked, so concurrent saves get consecutive numbers and none is lost. Scripts and styles are removed
    and said so (``version.removed``); an unknown figure field is refused."""
    section = Section.objects.select_for_update(of=("self",)).select_related("report").get(pk=section.pk)
    report = AnnualReport.objects.select_for_update().get(pk=section.report_id)
    _locked(report)
    if base_version is not None and base_version != section.version:
        latest = section.versions.select_related("created_by").order_by("-number").first()
        who = (
            (latest.created_by.get_full_name() or latest.created_by.username)
            if latest and latest.created_by
            else "någon"
        )
        raise ValidationError(
            {
                "body": f"{who} sparade version {section.version} av avsnittet medan du skrev. Din text finns kvar "
                "nedan: jämför med den nya versionen och spara igen."
            }
        )
    cleaned, removed = clean_source(body)
    if len(cleaned) > 50_000:
        raise ValidationError({"body": "Texten är för lång (högst 50 000 tecken)."})
    figures = report_figures(report=report)
    unknown = unknown_tokens(cleaned, figures)
    if unknown:
        raise ValidationError(
            {"body": "Okänt siffrefält: " + ", ".join(f"[[{k}]]" for k in unknown) + ". Välj fält ur listan."}
        )
    note = ("Borttaget: " + ", ".join(removed) + ".") if removed else ""
    if cleaned == section.body and section.version:
        version = section.versions.order_by("-number").first()
        version.removed = removed
        version.unchanged = True
        return version
    version = _save_version(section, cleaned, figures, by=by, note=note)
    version.removed = removed
    version.unchanged = False
    return version


@transaction.atomic
def section_add(*, report: AnnualReport, title: str, after: Section | None = None, by=None) -> Section:
    """A new section, e.g. one more significant event (placed after ``after``)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _locked(report)
    title = title.strip()
    if not title:
        raise ValidationError({"title": "Ange en rubrik."})
    order = (after.order + 1) if after else (report.sections.aggregate(m=Max("order"))["m"] or 0) + 10
    report.sections.filter(order__gte=order).update(order=F("order") + 1)
    key = f"avsnitt-{uuid.uuid4().hex[:8]}"
    section = Section(report=report, key=key, title=title[:300], order=order)
    section.full_clean()
    section.save()
    return section


@transaction.atomic
def report_case_set(*, report: AnnualReport, case_number: str, by=None) -> AnnualReport:
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("committee").get(pk=report.pk)
    _locked(report)
    report.case = _committee_case(report.committee, case_number)
    report.save(update_fields=["case", "updated_at"])
    return report


# --- Activities (the appendix) -----------------------------------------------------------------


ACTIVITY_FIELDS = ("activity", "area", "expected", "resources", "status", "outcome")


@transaction.atomic
def activity_save(*, report: AnnualReport, row: Activity | None = None, by=None, **values) -> Activity:
    """Add a row to the appendix (``row`` None) or change one; ``values`` are the fields of ``ACTIVITY_FIELDS``."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _locked(report)
    if row is None:
        row = Activity(report=report, order=(report.activities.aggregate(m=Max("order"))["m"] or 0) + 1)
    elif row.report_id != report.pk:
        raise ValidationError("Aktiviteten hör till en annan årsredovisning.")
    for name in ACTIVITY_FIELDS:
        if name in values:
            value = values[name]
            setattr(row, name, value.strip() if isinstance(value, str) else value)
    row.full_clean()
    row._history_user = by
    row.save()
    return row


@transaction.atomic
def activity_delete(*, activity: Activity, by=None) -> None:
    report = AnnualReport.objects.select_for_update().get(pk=activity.report_id)
    _locked(report)
    activity._history_user = by
    activity.delete()


# --- The final PDF ------------------------------------------------------------------------------


def final_problems(data) -> list[str]:
    """What stops the final PDF: missing figures (listed, never taken as zero) and a missing case."""
    problems = list(data.missing)
    if data.report.case_id is None:
        problems.append("Årets ärende för årsbokslutet (diarienummer) är inte angivet.")
    return problems


@transaction.atomic
def report_pdf_order(*, report: AnnualReport, by=None) -> AnnualReport:
    """Order the final PDF: checked here (missing figures are listed), produced by the worker (outbox)."""
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("committee", "case").get(pk=report.pk)
    _locked(report)
    if report.pdf_pending:
        return report
    problems = final_problems(report_data(report=report))
    if problems:
        raise ValidationError(["Den slutliga PDF:en kan inte framställas än. Det saknas:", *problems])
    report.pdf_state, report.pdf_progress, report.pdf_step, report.pdf_error = "queued", 0, "I kö", ""
    report.save(update_fields=["pdf_state", "pdf_progress", "pdf_step", "pdf_error", "updated_at"])
    outbox_job_enqueue(
        task=PRODUCE_PDF,
        kwargs={"report_id": report.pk, "user_id": getattr(by, "pk", None)},
        context=f"arsredovisning:{report.pk}",
    )
    return report


def _progress(report_id: int, percent: int, step: str, state: str = "running") -> None:
    AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.DRAFT).update(
        pdf_state=state, pdf_progress=percent, pdf_step=step
    )


def pdf_context(data, *, final: bool, on: dt.date | None = None) -> dict:
    return {"data": data, "report": data.report, "final": final, "generated_on": on or timezone.localdate()}


def report_pdf_produce(*, report: AnnualReport, by=None, drawn_up_on: dt.date | None = None) -> AnnualReport:
    """Render the final report as tagged PDF/A, store it once with its SHA-256, register it as a document
    in the year's annual-accounts case and make the report final. Idempotent: producing it twice (two
    workers, a retried job, two clicks) leaves one stored PDF and one registered document, decided under
    the report's row lock."""
    report = AnnualReport.objects.select_related("committee__host_party", "case__diary").get(pk=report.pk)
    if report.is_final:
        return report
    _progress(report.pk, 10, "Hämtar årets siffror")
    data = report_data(report=report)
    problems = final_problems(data)
    if problems:
        _progress(report.pk, 0, "", state="failed")
        AnnualReport.objects.filter(pk=report.pk).update(pdf_error="Det saknas: " + "; ".join(problems))
        return report
    _progress(report.pk, 30, "Ritar PDF/A med diagram och innehållsförteckning")
    content = render_pdf("annual/pdf/report.html", pdf_context(data, final=True, on=drawn_up_on), archival=True)
    _progress(report.pk, 80, "Arkiverar och registrerar i ärendet")
    with transaction.atomic():
        report = (
            AnnualReport.objects.select_for_update(of=("self",)).select_related("committee", "case").get(pk=report.pk)
        )
        if report.is_final:
            return report
        title = f"{report.title} {report.committee.short_name}" + (
            f" (upplaga {report.edition})" if report.edition > 1 else ""
        )
        stored = archive_store(
            kind="annual_report",
            object_id=report.pk,
            title=title,
            filename=f"arsredovisning-{report.committee.short_name.lower()}-{report.year}"
            + (f"-upplaga-{report.edition}" if report.edition > 1 else "")
            + ".pdf",
            content=content,
            variant=ARCHIVAL_VARIANT,
            created_by=by,
        )
        document = document_register(
            case=report.case,
            direction=Document.Direction.INTERNAL,
            kind=Document.Kind.REPORT,
            date=drawn_up_on or timezone.localdate(),
            description=title,
            upload=SimpleUploadedFile(stored.filename, content, content_type="application/pdf"),
            by=by,
            token=uuid.uuid5(uuid.NAMESPACE_URL, f"annual-report:{report.pk}"),
        )
        report.pdf = stored
        report.document = document
        report.figures = {
            k: {"label": f.label, "value": None if f.value is None else str(f.value), "unit": f.unit}
            for k, f in data.figures.items()
        }
        report.status = AnnualReport.Status.FINAL
        report.finalised_at = timezone.now()
        report.finalised_by = by
        report.pdf_state, report.pdf_progress, report.pdf_step, report.pdf_error = "done", 100, "Klar", ""
        report.full_clean()
        report._history_user = by
        report.save()
    return report


def preview_pdf(*, report: AnnualReport) -> bytes:
    """The draft as PDF (not archival, marked UTKAST), rendered on request and never stored."""
    return render_pdf("annual/pdf/report.html", pdf_context(report_data(report=report), final=False))


@transaction.atomic
def report_decide(*, report: AnnualReport, decided_on: dt.date, decision_reference: str, by=None) -> AnnualReport:
    """Record that the committee approved the final report (its paragraph): from now on it is public."""
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("document").get(pk=report.pk)
    if report.is_draft:
        raise ValidationError("Framställ den slutliga PDF:en innan årsredovisningen beslutas.")
    if report.is_decided:
        raise ValidationError("Årsredovisningen är redan beslutad.")
    decision_reference = decision_reference.strip()
    if not decision_reference:
        raise ValidationError({"decision_reference": "Ange beslutet (paragraf och sammanträde)."})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "Beslutsdatumet kan inte ligga i framtiden."})
    if report.document_id and decided_on < report.document.date:
        raise ValidationError({"decided_on": "Beslutet kan inte vara fattat innan årsredovisningen upprättades."})
    report.status = AnnualReport.Status.DECIDED
    report.decided_on = decided_on
    report.decision_reference = decision_reference[:300]
    report.full_clean()
    report._history_user = by
    report.save()
    return report


@transaction.atomic
def report_correct(*, report: AnnualReport, by=None) -> AnnualReport:
    """A correction of a final report: a new edition (draft) with the same texts and activities; the final
    one is never changed. At most one open edition (the unique key and the lock decide)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.is_draft:
        raise ValidationError("Utkastet kan ändras direkt; en ny upplaga behövs bara för en slutlig årsredovisning.")
    newest = AnnualReport.objects.filter(committee=report.committee_id, year=report.year).order_by("-edition").first()
    if newest.pk != report.pk:
        raise ValidationError(f"Det finns redan en nyare upplaga ({newest.edition}).")
    copy = AnnualReport(
        committee_id=report.committee_id,
        year=report.year,
        edition=report.edition + 1,
        title=report.title,
        case_id=report.case_id,
    )
    copy.full_clean()
    copy.save()
    figures = None
    for section in report.sections.order_by("order", "pk"):
        new = Section.objects.create(
            report=copy, key=section.key, number=section.number, title=section.title, order=section.order
        )
        if section.body:
            if figures is None:
                figures = report_figures(report=copy)
            _save_version(new, section.body, figures, by=by, note=f"Från upplaga {report.edition}")
    for activity in report.activities.order_by("order", "pk"):
        Activity.objects.create(report=copy, **{name: getattr(activity, name) for name in ("order", *ACTIVITY_FIELDS)})
    return copy
