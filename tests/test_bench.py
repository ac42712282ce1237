"""The benchmark command builds its own throwaway database, measures every registered page and
writes JSON. Here it runs at the smallest scale with one repetition."""

import json

import pytest
from django.core.management import call_command
from django.db import connection

from common import bench

OURS = ("parties.bench", "committee.bench")


@pytest.fixture
def no_transaction_db(django_db_setup, django_db_blocker):
    # The command creates and drops its own database, so it must not run inside a test transaction.
    with django_db_blocker.unblock():
        yield


def test_bench_writes_json_with_every_registered_page(no_transaction_db, tmp_path, capsys):
    out = tmp_path / "bench.json"

    call_command("bench", scale=1, repeat=2, json_path=str(out))

    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result) == {"scale", "pages", "jobs"}
    assert result["scale"] == 1
    names = [row["name"] for row in result["pages"]]
    assert {"parter: lista", "nämnd: ledamöter och parter", "start (anonym)"} <= set(names)
    assert len(names) == len(bench.PAGES)
    for row in result["pages"]:
        assert set(row) == {"name", "url", "queries", "median_ms", "p95_ms"}
        assert row["url"].startswith("/")
        assert isinstance(row["queries"], int) and row["queries"] >= 0
        assert 0 < row["median_ms"] <= row["p95_ms"]
    for row in result["jobs"]:
        assert set(row) <= {"name", "median_ms", "figures"}
    jobs = {row["name"]: row for row in result["jobs"]}
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
