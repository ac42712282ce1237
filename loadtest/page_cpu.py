"""CPU per request of each load-test page, in one process, without gunicorn or locust.

    .venv/bin/python loadtest/page_cpu.py [N] [NAME_FILTER]     # N requests per page (default 20)
    PROFILE=1 .venv/bin/python loadtest/page_cpu.py 20 "min part"  # + var/load/profile.txt and .html

Uses the bench database that ``make load`` keeps (``bench_<name>``, ``<name>`` from ``DATABASE_URL``,
default ``namndportalen_dev``) and its page list ``var/load/pages-bench_<name>.json``, with
``config.settings.production`` as loadtest/run.py starts gunicorn (plain HTTP, no TLS redirect). Each
page is requested once to warm up and then N times through Django's handler (``django.test.Client``,
logged in as the role's bench user); the table gives CPU (``time.process_time``; median and mean) and
wall ms (median) per request, the page's share of the load mix (each role equally likely, its pages uniformly, as in
loadtest/locustfile.py; anonymous pages are not in the mix) and, last, the mix's mean CPU per request.
The figures leave out gunicorn and HTTP, so they are lower than the load test's CPU per request; they
are for comparing two versions of a page. PostgreSQL's own CPU is not counted.

Stored files (the meeting packet PDF) are read from ``DJANGO_MEDIA_ROOT`` (default ``var/media``): set
it to the ``var/media`` of the checkout that built the bench data when measuring from another one.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ("secretariat", "case_officer", "party_representative", "member")


def load_mix(pages_file: Path) -> list[tuple[str | None, str, str, float]]:
    """(role, url, name, share of the load mix) of every page in the list, as loadtest/locustfile.py
    builds the mix: per role the start page and the role's pages, each role equally likely, its pages
    uniformly. Pages of no role (anonymous) come last with share 0."""
    data = json.loads(pages_file.read_text(encoding="utf-8"))
    mix = {role: {"/": f"start ({role})"} for role in ROLES}
    others = []
    for page in data["pages"]:
        if page["role"] in mix:
            mix[page["role"]].setdefault(page["url"], page["name"])
        else:
            others.append((None, page["url"], page["name"], 0.0))
    pages = [(role, url, name, 1 / len(ROLES) / len(urls)) for role, urls in mix.items() for url, name in urls.items()]
    return pages + others


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    name_filter = sys.argv[2] if len(sys.argv) > 2 else ""
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/namndportalen_dev")
    base, name = database_url.rsplit("/", 1)
    pages_file = ROOT / "var" / "load" / f"pages-bench_{name}.json"
    if not pages_file.exists():
        print(f"{pages_file} saknas: kör make load först (README.md, Lasttest).")
        return 2
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
            "DATABASE_URL": f"{base}/bench_{name}",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from common.models import User

    call_command("collectstatic", interactive=False, verbosity=0)  # {% static %} reads its manifest

    pages = [page for page in load_mix(pages_file) if name_filter in page[2]]

    profiler = None
    if os.environ.get("PROFILE"):
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005)
    clients: dict[str | None, Client] = {}
    rows = []
    for role, url, name, weight in pages:
        if role not in clients:
            clients[role] = Client()
            if role:
                clients[role].force_login(User.objects.get(username=f"bench-{role}"))
        client = clients[role]
        status = client.get(url).status_code
        if status != 200:
            print(f"{name} ({url}): HTTP {status}")
            return 1
        if profiler:
            profiler.start()
        times = []
        for _ in range(count):
            cpu, wall = time.process_time(), time.perf_counter()
            client.get(url)
            times.append(((time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000))
        if profiler:
            profiler.stop()
        cpu = statistics.median(t[0] for t in times)
        rows.append(
            (
                cpu,
                statistics.fmean(t[0] for t in times),
                statistics.median(t[1] for t in times),
                weight,
                role or "anonym",
                name,
            )
        )

    # The median is steadier than the mean when other work shares the cores (it inflates some requests).
    print(f"{'CPU ms':>7} {'medel':>7} {'vägg ms':>7} {'andel':>6}  roll: sida ({count} anrop per sida, medianer)")
    for cpu, mean, wall, weight, role, name in sorted(rows, reverse=True):
        print(f"{cpu:7.1f} {mean:7.1f} {wall:7.1f} {weight:6.1%}  {role}: {name}")
    total = sum(row[3] for row in rows)
    if total:
        mean = sum(row[0] * row[3] for row in rows) / total
        print(f"Lastmixens CPU per anrop (medianerna viktade): {mean:.1f} ms (sidornas andel av mixen: {total:.0%})")
    if profiler:
        (ROOT / "var" / "load" / "profile.txt").write_text(profiler.output_text(unicode=True), encoding="utf-8")
        profiler.write_html(str(ROOT / "var" / "load" / "profile.html"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
