"""Benchmark: build a synthetic dataset in a throwaway database, then measure every registered page
(SQL queries per request, median and p95 server time) and job (median time).

    manage.py bench [--scale N] [--repeat R] [--json PATH]
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment, teardown_test_environment

from common import bench


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    index = max(0, round(0.95 * len(ordered) + 0.5) - 1)
    return ordered[min(index, len(ordered) - 1)]


class Command(BaseCommand):
    help = "Mät sidor och jobb mot ett syntetiskt dataset i en tillfällig databas."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 ≈ tio år av en verklig nämnd")
        parser.add_argument("--repeat", type=int, default=15, help="anrop per sida (efter en uppvärmning)")
        parser.add_argument("--json", dest="json_path", help="skriv resultatet som JSON till denna fil")
        parser.add_argument("--only", help="mät bara sidor/jobb vars namn innehåller denna text")

    def handle(self, *args, scale: int, repeat: int, json_path: str | None, only: str | None, **options):
        if scale < 1:
            raise CommandError("--scale måste vara minst 1")
        bench.discover()
        try:
            setup_test_environment()
            own_test_environment = True
        except RuntimeError:  # already set up, e.g. when the command runs inside the test suite
            own_test_environment = False
        old_name = connection.settings_dict["NAME"]
        connection.settings_dict.setdefault("TEST", {})
        connection.settings_dict["TEST"]["NAME"] = None
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(old_name).with_name("bench.sqlite3"))
        else:
            connection.settings_dict["TEST"]["NAME"] = f"bench_{old_name}"
        self.stdout.write(f"Skapar tillfällig databas och dataset i skala {scale} ...")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            result = self._run(scale=scale, repeat=repeat, only=only)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            if own_test_environment:
                teardown_test_environment()
        self._print(result)
        if json_path:
            Path(json_path).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"JSON skrivet till {json_path}")

    def _run(self, *, scale: int, repeat: int, only: str | None) -> dict:
        ctx = bench.BenchContext(scale=scale)
        started = time.perf_counter()
        for _, build in sorted(bench.DATASETS, key=lambda item: item[0]):
            t0 = time.perf_counter()
            build(ctx)
            self.stdout.write(f"  dataset {build.__module__}.{build.__name__}: {time.perf_counter() - t0:.1f} s")
        self.stdout.write(f"Dataset klart på {time.perf_counter() - started:.1f} s")

        pages = []
        for item in bench.PAGES:
            if only and only not in item.name:
                continue
            url = item.url(ctx)
            client = Client()
            user = ctx.user(item.role)
            if user is not None:
                client.force_login(user)
            response = client.get(url)  # warm-up (template and URL caches)
            if response.status_code != 200:
                raise CommandError(f"{item.name}: {url} svarade {response.status_code}")
            timings, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    t0 = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - t0) * 1000)
                queries = len(captured.captured_queries)
            pages.append(
                {
                    "name": item.name,
                    "url": url,
                    "queries": queries,
                    "median_ms": round(statistics.median(timings), 1),
                    "p95_ms": round(_p95(timings), 1),
                }
            )
        jobs = []
        for item in bench.JOBS:
            if only and only not in item.name:
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

    def _print(self, result: dict) -> None:
        self.stdout.write("")
        self.stdout.write(f"Skala {result['scale']}")
        header = f"{'sida':<40} {'frågor':>7} {'median ms':>10} {'p95 ms':>8}  url"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in result["pages"]:
            self.stdout.write(
                f"{row['name']:<40} {row['queries']:>7} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f}  {row['url']}"
            )
        if result["jobs"]:
            self.stdout.write("")
            self.stdout.write(f"{'jobb':<40} {'median ms':>10}")
            for row in result["jobs"]:
                self.stdout.write(f"{row['name']:<40} {row['median_ms']:>10.1f}")
                for key, value in row.get("figures", {}).items():
                    self.stdout.write(f"    {key}: {value}")
