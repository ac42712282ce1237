"""The benchmark command builds its own throwaway database, measures every registered page and
writes JSON. Here it runs at the smallest scale with one repetition."""

import json
import sqlite3
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from common import bench
from common.management.commands.bench import _p95

OURS = ("parties.bench", "committee.bench")


@pytest.fixture
def no_transaction_db(django_db_setup, django_db_blocker):
    # The command creates and drops its own database, so it must not run inside a test transaction.
    with django_db_blocker.unblock():
        yield


def test_bench_writes_json_with_every_registered_page(no_transaction_db, tmp_path, capsys):
    out = tmp_path / "bench.json"

    call_command("bench", scale=1, repeat=3, runs=2, quick=True, keep=True, json_path=str(out))

    try:
        assert _bench_database_is_analysed()
    finally:
        _drop_kept_bench_database()
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) == {"scale", "pages", "jobs"}
    assert result["scale"] == 1
    names = [row["name"] for row in result["pages"]]
    assert {
        "parter: lista",
        "nämnd: ledamöter och parter",
        "start (anonym)",
        "diarium: ärendelista, sök ord",
        "diarium: sök ord",
    } <= set(names)
    assert len(names) == len(bench.PAGES)
    for row in result["pages"]:
        assert set(row) == {"name", "url", "queries", "median_ms", "p95_ms", "max_ms", "cpu_ms", "runs"}
        assert row["url"].startswith("/")
        assert isinstance(row["queries"], int) and row["queries"] >= 0
        assert 0 < row["median_ms"] <= row["p95_ms"] <= row["max_ms"]
        assert 0 <= row["cpu_ms"] <= row["max_ms"] + 1  # process_time ticks coarser than the wall clock
        assert len(row["runs"]) == 2
    for row in result["jobs"]:
        assert set(row) <= {"name", "median_ms", "figures"}
    jobs = {row["name"]: row for row in result["jobs"]}
    memory = jobs["diarium: 500 tjänsteskrivelse-PDF:er över HTTP (minne)"]["figures"]
    assert memory["PDF:er"] == 20  # --quick
    assert memory["RSS efter (MB)"] > 0 and "tillväxt (MB)" in memory
    ratio = jobs["diarium: tjänsteskrivelse-PDF över HTTP mot rå WeasyPrint"]["figures"]
    assert ratio["kvot"] == pytest.approx(ratio["över HTTP (ms)"] / ratio["rå WeasyPrint (ms)"], abs=0.01)
    concurrent = "diarium: 20 samtidiga registrerare"
    if connection.vendor == "postgresql":
        figures = jobs[concurrent]["figures"]
        assert figures["registreringar"] == 500
        assert (figures["dubbletter"], figures["luckor"]) == (0, 0)
    else:
        assert concurrent not in jobs  # PostgreSQL only: skipped, not reported as 0 ms
    output = capsys.readouterr().out
    assert "Skala 1" in output


def test_bench_builds_the_scale_1_dataset(no_transaction_db):
    """Scale 1 = the nine GNS parties, one committee and about 40 memberships."""
    from django.db import connection

    from committee.models import Membership
    from parties.models import Party

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})
    saved_test = dict(connection.settings_dict["TEST"])
    connection.settings_dict["TEST"]["NAME"] = (
        f"{old_name}_benchdata" if connection.vendor == "postgresql" else f"{old_name}.benchdata"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        bench.discover()
        ctx = bench.BenchContext(scale=1)
        ours = [build for _, build in sorted(bench.DATASETS, key=lambda item: item[0]) if build.__module__ in OURS]
        assert len(ours) == 2
        for build in ours:
            build(ctx)
        assert Party.objects.filter(code__in=["23", "2305", "2380"]).count() == 3
        assert len(ctx.data["parties"]) >= 9
        assert ctx.data["committee"].short_name == "GNS"
        assert 36 <= Membership.objects.filter(committee=ctx.data["committee"]).count() <= 45
        # idempotent: running the builders again adds nothing
        before = (Party.objects.count(), Membership.objects.count())
        for build in ours:
            build(ctx)
        assert (Party.objects.count(), Membership.objects.count()) == before
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        connection.settings_dict["TEST"] = saved_test


def _bench_database_name() -> str:
    name = connection.settings_dict["NAME"]
    return f"bench_{name}" if connection.vendor == "postgresql" else str(Path(name).with_name("bench.sqlite3"))


def _bench_database_is_analysed() -> bool:
    """The kept bench database has planner statistics: ANALYZE ran after the data was generated."""
    if connection.vendor == "postgresql":
        import psycopg2

        params = {k: v for k, v in connection.get_connection_params().items() if k != "cursor_factory"}
        params["dbname"] = _bench_database_name()
        with psycopg2.connect(**params) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'cases_document'")
            return cursor.fetchone()[0] >= 7000
    with sqlite3.connect(_bench_database_name()) as conn:
        return conn.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'cases_document'").fetchone()[0] > 0


def _drop_kept_bench_database() -> None:
    if connection.vendor == "postgresql":
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{_bench_database_name()}"')
    else:
        Path(_bench_database_name()).unlink(missing_ok=True)


def test_p95_is_the_nearest_rank():
    assert _p95([float(v) for v in range(60, 0, -1)]) == 57.0  # the three slowest of 60 lie above it
    assert _p95([float(v) for v in range(1, 101)]) == 95.0
    assert _p95([3.0]) == 3.0


@pytest.mark.django_db(transaction=True)  # the handler closes connections as in production (request_finished)
def test_bench_requests_go_through_the_wsgi_handler_with_the_roles_session():
    ctx = bench.BenchContext(scale=1)

    anonymous = ctx.get("/diarium/")
    secretariat = ctx.get("/diarium/?q=budget", role="secretariat")
    health = ctx.get("/helsa/")

    assert anonymous.status == 302  # the whole middleware stack and the access rules ran
    assert secretariat.status == 200 and b"<h1>Diarium</h1>" in secretariat.content
    assert secretariat.queries > 0
    assert (health.status, health.content, health.queries) == (200, b"ok", 1)
    assert health.ms > 0
