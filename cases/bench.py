"""Benchmark data, pages and jobs for the diary (see common/bench.py).

Scale 1: 1 500 cases and 7 500 documents over ten years in the GNS diary (150 cases a year, five
documents each with a page of extracted text, mostly on the case's topic, a file version per
document, a memo of a page or so for every third case, 2 % secret documents). Search texts are made
by the services' own functions.
Scale N multiplies everything by N. Runs after parties (order 10) and before committee (order 20).

The concurrent-registration run (20 writers on PostgreSQL) is ``register_concurrently``; it runs as a
bench job on PostgreSQL and as ``manage.py cases_register_bench``.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import statistics
import threading
import time

from django.db import connection, connections
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Now
from django.template.loader import render_to_string
from django.urls import reverse

from common.bench import dataset, job, page, rss_mb
from common.models import Role, User, UserRole

from .demo import GNS_NAME
from .models import Case, Diary, DiaryCounter, Document, DocumentFile, Memo
from .services._common import _search_text_case
from .services.documents import _search_text_document
from .services.memos import _search_text_memo

CASES_PER_YEAR = 150
DOCUMENTS_PER_CASE = 5
YEARS = 10
WORDS = [
    "serverdrift",
    "upphandling",
    "löneadministration",
    "dataskyddsombud",
    "digital transformation",
    "e-tjänster",
    "samordnad planering",
    "telefoni",
    "arkivfrågan",
    "informationssäkerhet",
    "verksamhetsplan",
    "årsbokslut",
    "budget",
    "ramverk för digital samverkan",
    "förstudie",
]
# The running text of documents and memos: a page or so of administrative Swedish per document
# (2.5–4 kB, as the text extracted from a letter or report), built from a vocabulary large enough to
# compress like real text. Each text keeps to its main topic; other topics of WORDS appear rarely.
SUBJECTS = [
    "nämnden",
    "sekretariatet",
    "arbetsgruppen",
    "styrgruppen",
    "förvaltningen",
    "kommunstyrelsen",
    "ledningsgruppen",
    "samverkansrådet",
    "projektledaren",
    "regiondirektören",
    "kommundirektörerna",
    "ekonomienheten",
    "it-avdelningen",
    "personalenheten",
    "kanslienheten",
    "revisorerna",
]
VERBS = [
    "föreslår",
    "konstaterar att det behövs",
    "redovisar",
    "bedömer",
    "utreder",
    "godkänner",
    "fastställer",
    "prioriterar",
    "samordnar",
    "följer upp",
    "tar fram",
    "ansvarar för",
    "finansierar",
    "genomför",
    "utvärderar",
    "återkommer med",
    "yttrar sig över",
    "ser över",
    "förankrar",
    "beställer",
]
ADJECTIVES = [
    "gemensamma",
    "regionala",
    "kommunala",
    "digitala",
    "långsiktiga",
    "nya",
    "befintliga",
    "övergripande",
    "ekonomiska",
    "tekniska",
    "juridiska",
    "strategiska",
    "årliga",
    "tillfälliga",
    "samordnade",
    "reviderade",
]
OBJECTS = [
    "riktlinjer",
    "rutiner",
    "avtal",
    "uppdrag",
    "underlag",
    "rapporter",
    "redovisningar",
    "tidplaner",
    "kostnadsberäkningar",
    "utredningar",
    "handlingsplaner",
    "kravspecifikationer",
    "risk- och sårbarhetsanalyser",
    "tjänster",
    "lösningar",
    "system",
    "åtgärder",
    "mål",
    "nyckeltal",
    "uppföljningar",
    "ansökningar",
    "överenskommelser",
    "ramavtal",
    "tillägg",
    "prognoser",
    "bilagor",
]
TAILS = [
    "under {year}",
    "inom ramen för samverkansavtalet",
    "enligt beslut den {date}",
    "till en kostnad av {amount} kronor",
    "senast den {date}",
    "i samråd med {party}",
    "för perioden {year}–{next_year}",
    "med {percent} procent av kostnaden för {party}",
    "efter dialog med {party}",
    "som redovisas i bilaga {number}",
    "vid sammanträdet den {date}",
    "utan ökade kostnader för parterna",
]


def _running_text(rng: random.Random, topic: str, sentences: int, year: int) -> str:
    parts = []
    for i in range(sentences):
        tail = rng.choice(TAILS).format(
            year=year,
            next_year=year + 1,
            date=f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            amount=f"{rng.randint(2, 900) * 1000:,}".replace(",", " "),
            percent=rng.randint(5, 60),
            party=rng.choice(PARTY_NAMES),
            number=rng.randint(1, 9),
        )
        obj = rng.choice(OBJECTS)
        if i % 5 == 0:  # the main topic, every fifth sentence
            obj = f"{obj} för {topic}"
        elif rng.random() < 0.01:  # now and then another topic
            obj = f"{obj} för {rng.choice(WORDS)}"
        parts.append(f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {obj} {tail}.")
    return " ".join(parts)


FIRST_NAMES = ["Anna", "Lars", "Karin", "Per", "Maria", "Erik", "Eva", "Johan", "Kerstin", "Nils"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson"]
PARTY_NAMES = ["Bräcke kommun", "Krokoms kommun", "Strömsunds kommun", "Åre kommun", "Region Jämtland Härjedalen"]


@dataset(15)
def build_diary(ctx) -> None:
    rng = random.Random(3)
    diary, _ = Diary.objects.get_or_create(prefix="GNS", defaults={"name": GNS_NAME})
    officer = ctx.user(Role.CASE_OFFICER)
    others = []
    for i in range(3):
        user, _ = User.objects.get_or_create(
            username=f"bench-handlaggare-{i}", defaults={"first_name": "Bänk", "last_name": f"Handläggare {i}"}
        )
        UserRole.objects.get_or_create(user=user, role=Role.CASE_OFFICER)
        others.append(user)
    officers = [officer, *others]
    parties = ctx.data.get("parties") or [None]
    last_year = dt.date.today().year - 1
    years = range(last_year - YEARS + 1, last_year + 1)
    per_year = CASES_PER_YEAR * ctx.scale

    cases, topics = [], {}
    for year in years:
        for sequence in range(1, per_year + 1):
            topic = topics[(year, sequence)] = rng.choice(WORDS)
            title = f"{topic.capitalize()} – ärende {sequence} år {year}"
            day = dt.date(year, 1, 1) + dt.timedelta(days=(sequence * 364) // per_year)
            status = rng.choice(list(Case.Status.values))
            closed = status == Case.Status.CLOSED
            description = f"Beredning av {topic} tillsammans med parterna."
            cases.append(
                Case(
                    diary=diary,
                    year=year,
                    sequence=sequence,
                    title=title,
                    description=description,
                    registered_on=day,
                    officer=officers[sequence % len(officers)],
                    initiating_party=parties[sequence % len(parties)],
                    status=status,
                    closure=Case.Closure.COMPLETED if closed else "",
                    closed_on=day if closed else None,
                    closing_reason="Avslutat" if closed else "",
                )
            )
            cases[-1].search_text = _search_text_case(cases[-1])
    Case.objects.bulk_create(cases, batch_size=2000)
    DiaryCounter.objects.bulk_create([DiaryCounter(diary=diary, year=y, last_sequence=per_year) for y in years])
    cases = list(Case.objects.filter(diary=diary).order_by("year", "sequence"))

    batch = []
    for case in cases:
        topic = topics[(case.year, case.sequence)]
        for number in range(1, DOCUMENTS_PER_CASE + 1):
            secret = rng.random() < 0.02
            subject = topic if rng.random() < 0.8 else rng.choice(WORDS)
            description = f"{rng.choice(['Skrivelse', 'Yttrande', 'Rapport', 'Protokollsutdrag'])} om {subject}"
            # One incoming letter in ten is from a private person (shown as "Privatperson" in public).
            private = rng.random() < 0.1
            counterpart = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" if private else rng.choice(PARTY_NAMES)
            text = _running_text(rng, subject, rng.randint(28, 42), case.year)
            batch.append(
                Document(
                    case=case,
                    number=number,
                    direction=rng.choice(list(Document.Direction.values)),
                    kind=rng.choice(list(Document.Kind.values)),
                    date=case.registered_on + dt.timedelta(days=number * 3),
                    counterpart=counterpart,
                    counterpart_kind=Document.CounterpartKind.PRIVATE
                    if private
                    else Document.CounterpartKind.AUTHORITY,
                    description=description,
                    is_secret=secret,
                    secrecy_provision="OSL 18 kap. 8 §" if secret else "",
                    secrecy_marked_on=case.registered_on if secret else None,
                    secrecy_authority="Region Jämtland Härjedalen" if secret else "",
                    extracted_text=f"{description}. {text}",
                )
            )
            batch[-1].search_text = _search_text_document(batch[-1])
        if len(batch) >= 2000:  # in batches: the texts of all documents would not fit comfortably in memory
            Document.objects.bulk_create(batch)
            batch = []
    Document.objects.bulk_create(batch)
    doc_ids = list(Document.objects.filter(case__diary=diary).values_list("pk", flat=True))
    DocumentFile.objects.bulk_create(
        [
            DocumentFile(
                document_id=pk,
                version=1,
                file=f"cases/bench/{pk}.pdf",
                original_name=f"handling-{pk}.pdf",
                content_type="application/pdf",
                size=120_000,
                sha256="0" * 64,
            )
            for pk in doc_ids
        ],
        batch_size=5000,
    )
    # Decisions, memos, protocols and extracts without secrecy are published in the e-diary (the kinds'
    # default), and one case in a hundred is kept out of it (a personnel matter).
    published = Document.objects.filter(
        case__diary=diary, is_secret=False, kind__in=["decision", "memo", "protocol", "extract"]
    ).exclude(counterpart_kind=Document.CounterpartKind.PRIVATE)
    published.update(
        published_file=Subquery(DocumentFile.objects.filter(document=OuterRef("pk")).values("pk")[:1]),
        published_at=Now(),
    )
    Case.objects.filter(diary=diary, sequence__in=range(50, per_year + 1, 100)).update(
        withheld_from_public=True, withheld_reason="Personalärende"
    )
    memos = [
        Memo(
            case=case,
            heading=case.title,
            body_name=GNS_NAME,
            memo_date=case.registered_on + dt.timedelta(days=20),
            author=case.officer,
            background=_running_text(rng, topics[(case.year, case.sequence)], rng.randint(8, 14), case.year),
            significance=_running_text(rng, topics[(case.year, case.sequence)], 3, case.year),
            result=_running_text(rng, topics[(case.year, case.sequence)], 3, case.year),
            proposal="Förslaget godkänns.\n\nÄrendet läggs till handlingarna.",
            extract_recipients="Sekretariatet",
            signatories="Henrik Sandberg, Regiondirektör",
        )
        for case in cases[::3]
    ]
    for memo in memos:
        memo.search_text = _search_text_memo(memo)
    Memo.objects.bulk_create(memos, batch_size=2000)
    sample = next(c for c in cases[::3] if c.officer_id == officer.pk)
    ctx.data["diary"] = diary
    ctx.data["bench_case"] = sample
    ctx.data["bench_year"] = last_year - 2


@page("diarium: ärendelista", role="secretariat")
def case_list_page(ctx) -> str:
    return reverse("cases:list")


@page("diarium: ärendelista, handläggare", role="case_officer")
def case_list_officer_page(ctx) -> str:
    return reverse("cases:list")


@page("diarium: ärendelista med filter", role="secretariat")
def case_list_filtered_page(ctx) -> str:
    return reverse("cases:list") + f"?q=upphandling&year={ctx.data['bench_year']}&status=in_preparation"


@page("diarium: ärende", role="case_officer")
def case_detail_page(ctx) -> str:
    return reverse("cases:detail", args=[ctx.data["bench_case"].pk])


@page("diarium: ärendelista, sök ord", role="secretariat")
def case_list_word_page(ctx) -> str:
    return reverse("cases:list") + "?q=budget"


@page("diarium: ärendelista, sök ord, handläggare", role="case_officer")
def case_list_word_officer_page(ctx) -> str:
    return reverse("cases:list") + "?q=budget"


@page("diarium: ärendelista, sök delord", role="secretariat")
def case_list_substring_page(ctx) -> str:
    return reverse("cases:list") + "?q=upphandl"


@page("diarium: sök ord", role="secretariat")
def search_words_page(ctx) -> str:
    return reverse("cases:search") + "?q=serverdrift+parterna"


@page("diarium: sök ett ord", role="secretariat")
def search_word_page(ctx) -> str:
    return reverse("cases:search") + "?q=budget"


@page("diarium: sök ord, handläggare", role="case_officer")
def search_word_officer_page(ctx) -> str:
    return reverse("cases:search") + "?q=budget"


@page("diarium: sök, inga träffar", role="secretariat")
def search_nothing_page(ctx) -> str:
    return reverse("cases:search") + "?q=kvantdator"


@page("diarium: sök nummer", role="secretariat")
def search_number_page(ctx) -> str:
    return reverse("cases:search") + f"?q=gns/03/{ctx.data['bench_year']}"


@page("diarium: offentligt diarium")
def public_list_page(ctx) -> str:
    return reverse("public_diary:list")


@page("diarium: offentligt diarium, sök")
def public_search_page(ctx) -> str:
    return reverse("public_diary:list") + "?q=budget"


@page("diarium: offentligt ärende")
def public_detail_page(ctx) -> str:
    return reverse("public_diary:detail", args=[ctx.data["bench_case"].pk])


@job("diarium: tjänsteskrivelse som PDF")
def memo_pdf_job(ctx) -> None:
    from common.pdf import render_pdf

    from .selectors import case_memo

    case = Case.objects.select_related("diary").get(pk=ctx.data["bench_case"].pk)
    render_pdf("cases/pdf/memo.html", {"case": case, "memo": case_memo(user=ctx.user(Role.SECRETARIAT), case=case)})


def _memo_pdf_url(ctx) -> str:
    return reverse("cases:memo_pdf", args=[ctx.data["bench_case"].pk])


@job("diarium: 500 tjänsteskrivelse-PDF:er över HTTP (minne)", repeat=1)
def memo_pdf_memory_job(ctx) -> dict:
    """Worker memory over many PDFs: 20 to warm up, then 500 (20 with ``ctx.quick``) through the WSGI
    handler; resident memory before and after (goal: growth < 20 MB, i.e. flat)."""
    url, count = _memo_pdf_url(ctx), 20 if ctx.quick else 500
    for _ in range(20):
        ctx.get(url, role=Role.SECRETARIAT)
    gc.collect()
    before = rss_mb()
    timings = []
    for _ in range(count):
        response = ctx.get(url, role=Role.SECRETARIAT)
        if response.status != 200 or not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"{url} svarade {response.status}")
        timings.append(response.ms)
    gc.collect()
    after = rss_mb()
    return {
        "PDF:er": count,
        "RSS före (MB)": round(before, 1),
        "RSS efter (MB)": round(after, 1),
        "tillväxt (MB)": round(after - before, 1),
        "median per PDF (ms)": round(statistics.median(timings), 1),
    }


@job("diarium: tjänsteskrivelse-PDF över HTTP mot rå WeasyPrint", repeat=1)
def memo_pdf_ratio_job(ctx) -> dict:
    """The memo PDF requested over HTTP against plain ``HTML(string=...).write_pdf()`` of the same
    HTML (a new FontConfiguration each time, as WeasyPrint does by default), interleaved, medians of
    30 each (goal: ratio ≤ 1.2). Runs after the memory job: the raw renders are the ones that leak."""
    from django.conf import settings
    from weasyprint import HTML

    from .selectors import case_memo

    url, count = _memo_pdf_url(ctx), 5 if ctx.quick else 30
    case = Case.objects.select_related("diary").get(pk=ctx.data["bench_case"].pk)
    html = render_to_string(
        "cases/pdf/memo.html", {"case": case, "memo": case_memo(user=ctx.user(Role.SECRETARIAT), case=case)}
    )
    base_url = str(settings.BASE_DIR / "static") + "/"
    http, raw = [], []
    for _ in range(count):
        http.append(ctx.get(url, role=Role.SECRETARIAT).ms)
        t0 = time.perf_counter()
        HTML(string=html, base_url=base_url).write_pdf()
        raw.append((time.perf_counter() - t0) * 1000)
    http_ms, raw_ms = statistics.median(http), statistics.median(raw)
    return {
        "över HTTP (ms)": round(http_ms, 1),
        "rå WeasyPrint (ms)": round(raw_ms, 1),
        "kvot": round(http_ms / raw_ms, 2),
    }


@job("diarium: registrering (en i taget)", repeat=20)
def register_job(ctx) -> None:
    from .services import case_register

    case_register(diary=ctx.data["diary"], title="Bänkregistrering", by=ctx.user(Role.SECRETARIAT))


def register_concurrently(*, diary: Diary, writers: int = 20, per_writer: int = 25) -> dict:
    """``writers`` threads, each with its own database connection, register ``per_writer`` cases each
    (dated today) at the same time. Returns throughput and the duplicates and gaps found (both must be 0)."""
    from .services import case_register

    day = dt.date.today()
    barrier = threading.Barrier(writers)
    errors: list[str] = []

    def work(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            for j in range(per_writer):
                case_register(diary=diary, title=f"Samtidig registrering {i}-{j}")
        except Exception as exc:  # noqa: BLE001 - reported in the result
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    before = set(Case.objects.filter(diary=diary, year=day.year).values_list("sequence", flat=True))
    threads = [threading.Thread(target=work, args=(i,)) for i in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    sequences = list(
        Case.objects.filter(diary=diary, year=day.year).exclude(sequence__in=before).values_list("sequence", flat=True)
    )
    total = writers * per_writer
    start = max(before, default=0) + 1
    expected = set(range(start, start + total))
    return {
        "vendor": connection.vendor,
        "writers": writers,
        "registrations": len(sequences),
        "seconds": round(elapsed, 2),
        "per_second": round(len(sequences) / elapsed, 1) if elapsed else 0.0,
        "duplicates": len(sequences) - len(set(sequences)),
        "gaps": len(expected - set(sequences)),
        "errors": errors[:5],
    }


@job("diarium: 20 samtidiga registrerare", repeat=1, vendors=("postgresql",))
def concurrent_registration_job(ctx) -> dict:
    result = register_concurrently(diary=ctx.data["diary"], writers=20, per_writer=25)
    figures = {
        "registreringar": result["registrations"],
        "skrivare": result["writers"],
        "sekunder": result["seconds"],
        "per sekund": result["per_second"],
        "dubbletter": result["duplicates"],
        "luckor": result["gaps"],
    }
    if result["errors"]:
        figures["fel"] = result["errors"]
    return figures
