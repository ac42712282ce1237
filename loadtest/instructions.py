"""Instructions per request of the load mix, counted by valgrind's callgrind: a CPU figure that does not
move with the machine's speed (on a shared machine the CPU time of the same requests varies by a third
from one minute to the next, more than most changes save).

    .venv/bin/python loadtest/instructions.py [--requests 200] [CHECKOUT ...]   # default: this checkout

For each checkout (e.g. this one and a worktree of an older commit), the mix runs in one process twice
under ``valgrind --tool=callgrind``: once with only the start-up and one warm-up request per page, once
with ``--requests`` more requests spread over the pages as the load test spreads them (each role equally
likely, its pages uniformly; loadtest/locustfile.py). The difference divided by the extra requests is
the mix's instructions per request, through Django's handler with ``config.settings.production`` against
the bench database that ``make load`` keeps (``bench_<name>``, ``<name>`` from ``DATABASE_URL``, default
``namndportalen_dev``), without gunicorn, HTTP and PostgreSQL's own work. Under callgrind Python runs
about 50 times slower: 200 requests take some ten minutes per checkout (the checkouts run side by side).

Requires valgrind (Debian's package) and the bench data and page list of ``make load``. Stored files are
read from this checkout's ``var/media`` and static files from its ``var/staticfiles``, so every checkout
measures the same data.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from page_cpu import ROLES, load_mix

ROOT = Path(__file__).resolve().parent.parent


def requests_of(pages: list[tuple[str | None, str, str, float]], total: int) -> list[tuple[str, str, int]]:
    """How many measured requests each page gets (at least one each) when ``total`` are spread by share."""
    return [(role, url, max(1, round(share * total))) for role, url, _name, share in pages]


def run_mix(checkout: Path, pages_file: Path, total: int) -> int:
    """Inside the measured process: start Django from ``checkout``, warm every page up, make the requests."""
    os.chdir(checkout)
    sys.path.insert(0, str(checkout))
    import django

    django.setup()
    from django.test import Client

    from common.models import User

    pages = [page for page in load_mix(pages_file) if page[0] in ROLES]
    clients = {}
    for role in ROLES:
        clients[role] = Client()
        clients[role].force_login(User.objects.get(username=f"bench-{role}"))
    for role, url, _name, _share in pages:
        status = clients[role].get(url).status_code
        if status != 200:
            print(f"{url} ({role}): HTTP {status}", file=sys.stderr)
            return 1
    done = 0
    if total:
        for role, url, count in requests_of(pages, total):
            for _ in range(count):
                clients[role].get(url)
            done += count
    print(f"requests {done}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="*", type=Path, default=[ROOT])
    parser.add_argument("--requests", type=int, default=200, help="measured requests of the mix per checkout")
    parser.add_argument("--inside", nargs=3, metavar=("CHECKOUT", "TOTAL", "PAGES"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.inside:  # the measured process: the environment is the parent's, already set below
        return run_mix(Path(args.inside[0]), Path(args.inside[2]), int(args.inside[1]))
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/namndportalen_dev")
    base, name = database_url.rsplit("/", 1)
    pages_file = ROOT / "var" / "load" / f"pages-bench_{name}.json"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "instructions-" + "x" * 40,
            "DATABASE_URL": f"{base}/bench_{name}",
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
            "LOG_LEVEL": "WARNING",
            "DJANGO_MEDIA_ROOT": str(ROOT / "var" / "media"),
            "DJANGO_STATIC_ROOT": str(ROOT / "var" / "staticfiles"),
        }
    )
    if not pages_file.exists():
        print(f"{pages_file} saknas: kör make load först (README.md, Lasttest).")
        return 2
    if not (ROOT / "var" / "staticfiles" / "staticfiles.json").exists():
        subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)

    out = Path(tempfile.mkdtemp(prefix="instructions-"))
    jobs = []
    for index, checkout in enumerate(args.checkouts):
        for total in (0, args.requests):
            log = out / f"{index}-{total}.log"
            command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/{index}-{total}.out"]
            command += [sys.executable, __file__, "--inside", str(checkout.resolve()), str(total), str(pages_file)]
            jobs.append(
                (checkout, total, log, subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT))
            )
    results: dict[Path, dict[int, tuple[int, int]]] = {}
    for checkout, total, log, process in jobs:
        process.wait()
        text = log.read_text(encoding="utf-8", errors="replace")
        collected = re.search(r"Collected : (\d+)", text)
        done = re.search(r"requests (\d+)", text)
        if process.returncode != 0 or not collected or not done:
            print(f"{checkout}: körningen misslyckades, se {log}")
            return 1
        results.setdefault(checkout, {})[total] = (int(collected.group(1)), int(done.group(1)))
    print(f"{'Minstruktioner per anrop':>25}  utcheckning (lastmixen, {args.requests} anrop utöver uppvärmningen)")
    for checkout, runs in results.items():
        (idle, _none), (busy, done) = runs[0], runs[args.requests]
        print(f"{(busy - idle) / done / 1e6:25.1f}  {checkout}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
