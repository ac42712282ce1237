"""Benchmark: build a synthetic dataset in a throwaway database, then measure every registered page
(SQL queries per request, median, 95th percentile and maximum of the server time, median CPU time of
the request in this process) and job (median).

    manage.py bench [--scale N] [--repeat R] [--runs K] [--only TEXT] [--json PATH] [--keep] [--quick] [--no-jobs]

Pages are requested through Django's WSGI handler (``common.bench.BenchContext.get``), not the test
client, with ``DEBUG = False``. After the data is built the database is analysed (PostgreSQL:
``VACUUM ANALYZE``, as autovacuum leaves a live database; SQLite: ``ANALYZE``), and the objects the
builders left behind are moved out of the garbage collector's way (``gc.freeze``), as in a freshly
started worker. Each page is requested once to warm up, then ``--repeat`` times (at least 50 for a
p95 worth its name). With ``--runs K`` every page is measured K times in turn, interleaved; the
reported median and p95 are the medians of the K runs' figures, the maximum is the largest sample.
"""

from __future__ import annotations

import gc
import json
import math
import statistics
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from common import bench

MIN_SAMPLES_FOR_P95 = 50


def _p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile: with 60 samples the 57th smallest (the 3 slowest are above it)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Mät sidor och jobb mot ett syntetiskt dataset i en tillfällig databas."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 ≈ tio år av en verklig nämnd")
        parser.add_argument(
            "--repeat", type=int, default=60, help="mätningar per sida och körning (efter en uppvärmning); minst 50"
        )
        parser.add_argument("--runs", type=int, default=1, help="mät alla sidor så här många gånger, omväxlande")
        parser.add_argument("--json", dest="json_path", help="skriv resultatet som JSON till denna fil")
        parser.add_argument(
            "--only", help="mät bara sidor/jobb vars namn innehåller denna text (flera: kommaseparerade)"
        )
        parser.add_argument(
            "--keep", action="store_true", help="behåll databasen efteråt (för EXPLAIN); nästa körning ersätter den"
        )
        parser.add_argument("--quick", action="store_true", help="snabbkörning (tester): jobben gör färre varv")
        parser.add_argument("--no-jobs", action="store_true", help="mät bara sidorna, inga jobb")
        parser.add_argument(
            "--data-only",
            action="store_true",
            help="bygg bara datasetet och behåll databasen (lasttestet); --json skriver sidornas adresser och roller",
        )
        parser.add_argument(
            "--profile",
            metavar="KATALOG",
            help="profilera varje sida med pyinstrument (utvecklingsberoende) efter mätningen; HTML och text hit",
        )

    def handle(
        self,
        *args,
        scale,
        repeat,
        runs,
        json_path,
        only,
        keep=False,
        quick=False,
        no_jobs=False,
        profile=None,
        data_only=False,
        **options,
    ):
        if scale < 1 or repeat < 1 or runs < 1:
            raise CommandError("--scale, --repeat och --runs måste vara minst 1")
        if repeat < MIN_SAMPLES_FOR_P95 and not quick:
            self.stderr.write(f"Obs: p95 ur {repeat} mätningar (färre än {MIN_SAMPLES_FOR_P95}) är nära maximum.")
        bench.discover()
        keep = keep or data_only
        # WhiteNoise warns when STATIC_ROOT has not been collected; the bench requests no static files.
        warnings.filterwarnings("ignore", message="No directory at")
        saved = {"DEBUG": settings.DEBUG, "EMAIL_BACKEND": settings.EMAIL_BACKEND}
        # Measure as in production: no debug query log, no debug templates; mail goes nowhere.
        settings.DEBUG = False
        settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
        old_name = connection.settings_dict["NAME"]
        saved_test = dict(connection.settings_dict.get("TEST") or {})
        connection.settings_dict.setdefault("TEST", {})
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(old_name).with_name("bench.sqlite3"))
        else:
            connection.settings_dict["TEST"]["NAME"] = f"bench_{old_name}"
        self.stdout.write(f"Skapar tillfällig databas och dataset i skala {scale} ...")
        bench_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            if data_only:
                result = self._build_only(scale=scale, database=bench_name)
            else:
                result = self._run(
                    scale=scale, repeat=repeat, runs=runs, only=only, quick=quick, jobs=not no_jobs, profile=profile
                )
        finally:
            gc.unfreeze()
            if keep:
                connection.close()
                connection.settings_dict["NAME"] = old_name
                self.stdout.write(f"Databasen {bench_name} finns kvar (--keep).")
            else:
                connection.creation.destroy_test_db(old_name, verbosity=0)
            connection.settings_dict["TEST"] = saved_test
            for key, value in saved.items():
                setattr(settings, key, value)
        self._print(result, runs=runs)
        if json_path:
            Path(json_path).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"JSON skrivet till {json_path}")

    def _build(self, *, scale: int, quick: bool = False) -> bench.BenchContext:
        ctx = bench.BenchContext(scale=scale, quick=quick)
        started = time.perf_counter()
        for _, build in sorted(bench.DATASETS, key=lambda item: item[0]):
            t0 = time.perf_counter()
            build(ctx)
            self.stdout.write(f"  dataset {build.__module__}.{build.__name__}: {time.perf_counter() - t0:.1f} s")
        self.stdout.write(f"Dataset klart på {time.perf_counter() - started:.1f} s")
        t0 = time.perf_counter()
        self._analyze()
        self.stdout.write(f"ANALYZE klart på {time.perf_counter() - t0:.1f} s")
        return ctx

    def _build_only(self, *, scale: int, database: str) -> dict:
        """The dataset alone, kept for the load test: each page is requested once (it must answer 200),
        and its address and role are reported."""
        ctx = self._build(scale=scale)
        pages = []
        for item in bench.PAGES:
            url = item.url(ctx)
            response = ctx.get(url, role=item.role)
            if response.status != 200:
                raise CommandError(f"{item.name}: {url} svarade {response.status}")
            pages.append({"name": item.name, "url": url, "role": item.role})
        return {"scale": scale, "database": database, "password": bench.BENCH_PASSWORD, "pages": pages}

    def _run(
        self,
        *,
        scale: int,
        repeat: int,
        runs: int,
        only: str | None,
        quick: bool,
        jobs: bool = True,
        profile: str | None = None,
    ) -> dict:
        ctx = self._build(scale=scale, quick=quick)
        gc.collect()
        gc.freeze()

        wanted = [part.strip() for part in (only or "").split(",") if part.strip()]

        def selected(name: str) -> bool:
            return not wanted or any(part in name for part in wanted)

        items = [item for item in bench.PAGES if selected(item.name)]
        urls = {}
        for item in items:  # warm-up (URL resolver, templates, session) and the status check
            url = urls[item.name] = item.url(ctx)
            response = ctx.get(url, role=item.role)
            if response.status != 200:
                raise CommandError(f"{item.name}: {url} svarade {response.status}")
        samples: dict[str, list[list[float]]] = {item.name: [] for item in items}
        cpu: dict[str, list[float]] = {item.name: [] for item in items}
        queries: dict[str, int] = {}
        for run in range(runs):
            for item in items:
                timings = []
                for _ in range(repeat):
                    response = ctx.get(urls[item.name], role=item.role)
                    timings.append(response.ms)
                    cpu[item.name].append(response.cpu_ms)
                queries[item.name] = response.queries
                samples[item.name].append(timings)
            if runs > 1:
                self.stdout.write(f"  körning {run + 1} av {runs} klar")
        pages = []
        for item in items:
            per_run = samples[item.name]
            pages.append(
                {
                    "name": item.name,
                    "url": urls[item.name],
                    "queries": queries[item.name],
                    "median_ms": round(statistics.median(statistics.median(t) for t in per_run), 1),
                    "p95_ms": round(statistics.median(_p95(t) for t in per_run), 1),
                    "max_ms": round(max(max(t) for t in per_run), 1),
                    "cpu_ms": round(statistics.median(cpu[item.name]), 2),
                }
            )
            if runs > 1:
                pages[-1]["runs"] = [
                    {"median_ms": round(statistics.median(t), 1), "p95_ms": round(_p95(t), 1)} for t in per_run
                ]

        if profile:
            self._profile(ctx, items, urls, Path(profile), repeat=repeat)
        wanted_jobs = bench.JOBS if jobs else []
        jobs = []
        for item in wanted_jobs:
            if not selected(item.name):
                continue
            if item.vendors and connection.vendor not in item.vendors:
                self.stdout.write(f"  jobb {item.name}: hoppas över (kräver {', '.join(item.vendors)})")
                continue
            timings, figures = [], None
            for _ in range(item.repeat):
                t0 = time.perf_counter()
                figures = item.run(ctx) or figures
                timings.append((time.perf_counter() - t0) * 1000)
            row = {"name": item.name, "median_ms": round(statistics.median(timings), 1)}
            if figures:
                row["figures"] = figures
            jobs.append(row)
        return {"scale": scale, "pages": pages, "jobs": jobs}

    def _profile(self, ctx, items, urls: dict, directory: Path, *, repeat: int) -> None:
        """Sample ``repeat`` requests of each page with pyinstrument (a development dependency) and
        write ``<page>.html`` and ``<page>.txt`` to ``directory``: where the request path spends its time."""
        from django.utils.text import slugify
        from pyinstrument import Profiler

        directory.mkdir(parents=True, exist_ok=True)
        for item in items:
            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(repeat):
                ctx.get(urls[item.name], role=item.role)
            profiler.stop()
            stem = directory / slugify(item.name)
            stem.with_suffix(".html").write_text(profiler.output_html(), encoding="utf-8")
            stem.with_suffix(".txt").write_text(profiler.output_text(show_all=False), encoding="utf-8")
        self.stdout.write(f"Profiler skrivna till {directory}/")

    def _analyze(self) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE")  # autocommit: outside any transaction
            else:
                cursor.execute("ANALYZE")

    def _print(self, result: dict, *, runs: int) -> None:
        self.stdout.write("")
        if "database" in result:  # --data-only
            self.stdout.write(
                f"Skala {result['scale']}: {len(result['pages'])} sidor svarar i {result['database']}; "
                f"bänkanvändarna (bench-<roll>) loggar in med lösenordet {result['password']}"
            )
            return
        self.stdout.write(f"Skala {result['scale']}" + (f", median av {runs} körningar" if runs > 1 else ""))
        header = f"{'sida':<52} {'frågor':>6} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'CPU ms':>7}  url"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in result["pages"]:
            self.stdout.write(
                f"{row['name']:<52} {row['queries']:>6} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} "
                f"{row['max_ms']:>8.1f} {row['cpu_ms']:>7.2f}  {row['url']}"
            )
            if "runs" in row:
                figures = "  ".join(f"{r['median_ms']:.1f}/{r['p95_ms']:.1f}" for r in row["runs"])
                self.stdout.write(f"{'':<52} {'':>6} körningar (median/p95): {figures}")
        if result["jobs"]:
            self.stdout.write("")
            self.stdout.write(f"{'jobb':<52} {'median ms':>10}")
            for row in result["jobs"]:
                self.stdout.write(f"{row['name']:<52} {row['median_ms']:>10.1f}")
                for key, value in row.get("figures", {}).items():
                    self.stdout.write(f"    {key}: {value}")
